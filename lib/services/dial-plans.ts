// New/Set/Get/Remove-UMDialPlan.
import * as data from "../data/dial-plans";
import { createMailboxPolicy } from "../data/mailbox-policies";
import { transaction } from "../data/transaction";
import { ConflictError, NotFoundError, ValidationError } from "../errors";
import type { Principal } from "../auth/principal";
import { dialPlanCreate, dialPlanGatewayOrder, dialPlanUpdate } from "../validation/dial-plans";
import { dialPlanGateways, setDialPlanGatewayOrder } from "../data/ip-gateways";
import { audit, diff } from "./audit";
import { skipTake, type Page } from "./paging";
import type { ListQuery } from "../validation/common";

const FIELDS = ["name", "numberOfDigitsInExtension", "uriType", "voipSecurity", "countryOrRegionCode"] as const;

export interface DialPlanDto {
  id: string;
  name: string;
  numberOfDigitsInExtension: number;
  uriType: string;
  voipSecurity: string;
  countryOrRegionCode: string;
  createdAt: string;
  updatedAt: string;
}

export function toDialPlanDto(r: data.DialPlanRow): DialPlanDto {
  return {
    id: r.id, name: r.name, numberOfDigitsInExtension: r.numberOfDigitsInExtension, uriType: r.uriType,
    voipSecurity: r.voipSecurity, countryOrRegionCode: r.countryOrRegionCode,
    createdAt: r.createdAt.toISOString(), updatedAt: r.updatedAt.toISOString(),
  };
}

export async function listDialPlans(q: ListQuery): Promise<Page<DialPlanDto>> {
  const [rows, total] = await data.listDialPlans({ q: q.q, ...skipTake(q) });
  return { items: rows.map(toDialPlanDto), total, page: q.page, pageSize: q.pageSize };
}

export async function getDialPlan(id: string): Promise<DialPlanDto> {
  const r = await data.findDialPlan(id);
  if (!r) throw new NotFoundError("UM dial plan", id);
  return toDialPlanDto(r);
}

/** Like New-UMDialPlan, also creates "<name> Default Policy". */
export async function createDialPlan(input: unknown, actor: Principal): Promise<DialPlanDto> {
  const v = dialPlanCreate.parse(input);
  return transaction(async (tx) => {
    const plan = await data.createDialPlan(v, tx).catch(uniqueName(v.name));
    const policyName = `${v.name} Default Policy`.slice(0, 64);
    const policy = await createMailboxPolicy({ name: policyName, dialPlanId: plan.id }, tx)
      .catch(uniqueName(policyName, "A UM mailbox policy named"));
    await audit(tx, actor, "New-UMDialPlan", "UMDialPlan", plan, diff(null, plan, FIELDS));
    await audit(tx, actor, "New-UMMailboxPolicy", "UMMailboxPolicy", policy, diff(null, policy, ["name", "dialPlanId"]));
    return toDialPlanDto(plan);
  });
}

export async function updateDialPlan(id: string, input: unknown, actor: Principal): Promise<DialPlanDto> {
  const v = dialPlanUpdate.parse(input);
  return transaction(async (tx) => {
    const before = await data.findDialPlan(id, tx);
    if (!before) throw new NotFoundError("UM dial plan", id);
    const after = await data.updateDialPlan(id, v, tx).catch(uniqueName(v.name ?? ""));
    await audit(tx, actor, "Set-UMDialPlan", "UMDialPlan", after, diff(before, after, FIELDS));
    return toDialPlanDto(after);
  });
}

export async function removeDialPlan(id: string, actor: Principal): Promise<void> {
  await transaction(async (tx) => {
    const before = await data.findDialPlan(id, tx);
    if (!before) throw new NotFoundError("UM dial plan", id);
    const use = await data.dialPlanUsage(id, tx);
    if (use.mailboxes > 0 || use.policies > 0) {
      throw new ConflictError(`UM dial plan "${before.name}" can't be removed: it has ${use.policies} UM mailbox ` +
        `${use.policies === 1 ? "policy" : "policies"} and ${use.mailboxes} UM-enabled ${use.mailboxes === 1 ? "mailbox" : "mailboxes"}. ` +
        "Remove or move them first.");
    }
    await data.deleteDialPlan(id, tx);
    await audit(tx, actor, "Remove-UMDialPlan", "UMDialPlan", before, diff(before, null, FIELDS));
  });
}

/** Sets the order the dial plan's gateways are tried in; the list must name each linked gateway once. */
export async function reorderDialPlanGateways(id: string, input: unknown, actor: Principal) {
  const v = dialPlanGatewayOrder.parse(input);
  return transaction(async (tx) => {
    const plan = await data.findDialPlan(id, tx);
    if (!plan) throw new NotFoundError("UM dial plan", id);
    const links = await dialPlanGateways(id, tx);
    const linked = links.map((l) => l.gatewayId);
    if (linked.length !== v.ipGatewayIds.length || !linked.every((g) => v.ipGatewayIds.includes(g))) {
      throw ValidationError.field("ipGatewayIds", `List each UM IP gateway of "${plan.name}" exactly once (${linked.length} linked).`);
    }
    await setDialPlanGatewayOrder(id, v.ipGatewayIds, tx);
    const name = (gid: string) => links.find((l) => l.gatewayId === gid)!.gateway.name;
    await audit(tx, actor, "Set-UMDialPlan", "UMDialPlan", plan,
      { ipGatewayOrder: { old: linked.map(name), new: v.ipGatewayIds.map(name) } });
    return { dialPlanId: id, ipGatewayIds: v.ipGatewayIds };
  });
}

export function uniqueName(name: string, what = "A UM dial plan named") {
  return (e: unknown): never => {
    if ((e as { code?: string })?.code === "P2002") throw new ConflictError(`${what} "${name}" already exists.`, "name");
    throw e;
  };
}
