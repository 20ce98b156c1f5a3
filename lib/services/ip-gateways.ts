// New/Set/Get/Remove-UMIPGateway.
import * as data from "../data/ip-gateways";
import { countDialPlans, findDialPlan } from "../data/dial-plans";
import { transaction, type Tx } from "../data/transaction";
import { NotFoundError, ValidationError } from "../errors";
import type { Principal } from "../auth/principal";
import { ipGatewayCreate, ipGatewayUpdate } from "../validation/ip-gateways";
import { isIpAddress, type ListQuery } from "../validation/common";
import { audit, diff } from "./audit";
import { uniqueName } from "./dial-plans";
import { requeueDialPlans } from "./mwi-requeue";
import { skipTake, type Page } from "./paging";

const FIELDS = ["name", "address", "port", "messageWaitingIndicatorAllowed", "status", "outcallsAllowed", "ipAddressFamily",
  "transport", "dialPlanIds"] as const;

export interface IpGatewayDto {
  id: string;
  name: string;
  address: string;
  port: number;
  messageWaitingIndicatorAllowed: boolean;
  status: string;
  outcallsAllowed: boolean;
  ipAddressFamily: string;
  transport: string | null;
  dialPlanIds: string[];
  createdAt: string;
  updatedAt: string;
}

export function toIpGatewayDto(r: data.IpGatewayRow): IpGatewayDto {
  return {
    id: r.id, name: r.name, address: r.address, port: r.port,
    messageWaitingIndicatorAllowed: r.messageWaitingIndicatorAllowed, status: r.status,
    outcallsAllowed: r.outcallsAllowed, ipAddressFamily: r.ipAddressFamily, transport: r.transport,
    dialPlanIds: r.dialPlans.map((d) => d.dialPlanId),
    createdAt: r.createdAt.toISOString(), updatedAt: r.updatedAt.toISOString(),
  };
}

export async function listIpGateways(q: ListQuery & { dialPlanId?: string }): Promise<Page<IpGatewayDto>> {
  const [rows, total] = await data.listIpGateways({ q: q.q, dialPlanId: q.dialPlanId, ...skipTake(q) });
  return { items: rows.map(toIpGatewayDto), total, page: q.page, pageSize: q.pageSize };
}

export async function getIpGateway(id: string): Promise<IpGatewayDto> {
  const r = await data.findIpGateway(id);
  if (!r) throw new NotFoundError("UM IP gateway", id);
  return toIpGatewayDto(r);
}

/** Linked dial plans must exist; a SIPSecured/Secured one needs the gateway's FQDN for TLS. */
async function checkDialPlans(address: string, dialPlanIds: string[], tx: Tx) {
  if (dialPlanIds.length === 0) return;
  if ((await countDialPlans(dialPlanIds, tx)) !== dialPlanIds.length) {
    throw ValidationError.field("dialPlanIds", "One or more UM dial plans in dialPlanIds were not found.");
  }
  if (isIpAddress(address)) {
    for (const id of dialPlanIds) {
      const plan = await findDialPlan(id, tx);
      if (plan && plan.voipSecurity !== "Unsecured") {
        throw ValidationError.field("address",
          `UM dial plan "${plan.name}" is ${plan.voipSecurity}: the gateway's address must be a fully qualified domain name (TLS checks it against the certificate).`);
      }
    }
  }
}

function mwiPath(g: { status: string; messageWaitingIndicatorAllowed: boolean }) {
  return g.status !== "Disabled" && g.messageWaitingIndicatorAllowed;
}

export async function createIpGateway(input: unknown, actor: Principal): Promise<IpGatewayDto> {
  const v = ipGatewayCreate.parse(input);
  return transaction(async (tx) => {
    await checkDialPlans(v.address, v.dialPlanIds, tx);
    const { dialPlanIds, ...fields } = v;
    const created = await data.createIpGateway(fields, tx).catch(uniqueName(v.name, "A UM IP gateway named"));
    await data.setGatewayDialPlans(created.id, dialPlanIds, tx);
    const after = (await data.findIpGateway(created.id, tx))!;
    // A new path can light lamps that had none.
    if (mwiPath(after)) await requeueDialPlans(dialPlanIds, "refresh", tx);
    await audit(tx, actor, "New-UMIPGateway", "UMIPGateway", after, diff(null, toIpGatewayDto(after), FIELDS));
    return toIpGatewayDto(after);
  });
}

export async function updateIpGateway(id: string, input: unknown, actor: Principal): Promise<IpGatewayDto> {
  const v = ipGatewayUpdate.parse(input);
  return transaction(async (tx) => {
    const before = await data.findIpGateway(id, tx);
    if (!before) throw new NotFoundError("UM IP gateway", id);
    const { dialPlanIds, ...fields } = v;
    const linked = dialPlanIds ?? before.dialPlans.map((d) => d.dialPlanId);
    await checkDialPlans(v.address ?? before.address, linked, tx);
    await data.updateIpGateway(id, fields, tx).catch(uniqueName(v.name ?? "", "A UM IP gateway named"));
    if (dialPlanIds) await data.setGatewayDialPlans(id, dialPlanIds, tx);
    const after = (await data.findIpGateway(id, tx))!;
    const wasPath = mwiPath(before), isPath = mwiPath(after);
    const oldPlans = before.dialPlans.map((d) => d.dialPlanId);
    if (wasPath !== isPath) {
      await requeueDialPlans([...new Set([...oldPlans, ...linked])], isPath ? "refresh" : "final-off", tx);
    } else if (isPath && dialPlanIds) {
      await requeueDialPlans(linked.filter((d) => !oldPlans.includes(d)), "refresh", tx);
    }
    await audit(tx, actor, "Set-UMIPGateway", "UMIPGateway", after, diff(toIpGatewayDto(before), toIpGatewayDto(after), FIELDS));
    return toIpGatewayDto(after);
  });
}

export async function removeIpGateway(id: string, actor: Principal): Promise<void> {
  await transaction(async (tx) => {
    const before = await data.findIpGateway(id, tx);
    if (!before) throw new NotFoundError("UM IP gateway", id);
    await data.deleteIpGateway(id, tx);
    await audit(tx, actor, "Remove-UMIPGateway", "UMIPGateway", before, diff(toIpGatewayDto(before), null, FIELDS));
  });
}
