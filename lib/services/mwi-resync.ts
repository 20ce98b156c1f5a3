// On-demand resync (Exchange had none): re-send the current lamp of one mailbox, of every mailbox
// reached through a UM IP gateway or a UM dial plan, or of everyone. The job and its outbox rows
// are written in one transaction; the sip-worker delivers them under the per-gateway rate cap and
// keeps the job's progress (done/failed of total) up to date.
import * as data from "../data/mwi-resync";
import { findDialPlan } from "../data/dial-plans";
import { findIpGateway } from "../data/ip-gateways";
import { transaction } from "../data/transaction";
import { ConflictError, NotFoundError } from "../errors";
import type { Principal } from "../auth/principal";
import { mwiResyncCreate } from "../validation/mwi-resync";
import { mailboxFor } from "./mailboxes";

export interface ResyncJobDto {
  id: string;
  scope: string;
  scopeId: string | null;
  scopeName: string;
  status: string;
  total: number;
  done: number;
  failed: number;
  requestedBy: string;
  createdAt: string;
  finishedAt: string | null;
}

export function toResyncJobDto(r: data.ResyncJobRecord): ResyncJobDto {
  return {
    id: r.id, scope: r.scope, scopeId: r.scopeId, scopeName: r.scopeName, status: r.status,
    total: r.total, done: r.done, failed: r.failed, requestedBy: r.requestedBy,
    createdAt: r.createdAt.toISOString(), finishedAt: r.finishedAt?.toISOString() ?? null,
  };
}

export async function startResync(input: unknown, who: Principal): Promise<ResyncJobDto> {
  const v = mwiResyncCreate.parse(input);
  const requestedBy = who.name;
  if (v.scope === "Mailbox") {
    const mailbox = await mailboxFor(v.id!, who);
    if (!mailbox.umEnabled) throw new ConflictError(`Mailbox "${mailbox.alias}" is not enabled for Unified Messaging: it has no lamp to refresh.`);
    return toResyncJobDto(await transaction((tx) => data.createResyncJob(
      { scope: "Mailbox", scopeId: mailbox.id, scopeName: mailbox.displayName, requestedBy },
      { kind: "mailbox", mailboxId: mailbox.id }, tx)));
  }
  if (v.scope === "Gateway") {
    const gateway = await findIpGateway(v.id!);
    if (!gateway) throw new NotFoundError("UM IP gateway", v.id!);
    const dialPlanIds = gateway.dialPlans.map((d) => d.dialPlanId);
    return toResyncJobDto(await transaction((tx) => data.createResyncJob(
      { scope: "Gateway", scopeId: gateway.id, scopeName: gateway.name, requestedBy },
      { kind: "dialPlans", dialPlanIds }, tx)));
  }
  if (v.scope === "DialPlan") {
    const plan = await findDialPlan(v.id!);
    if (!plan) throw new NotFoundError("UM dial plan", v.id!);
    return toResyncJobDto(await transaction((tx) => data.createResyncJob(
      { scope: "DialPlan", scopeId: plan.id, scopeName: plan.name, requestedBy },
      { kind: "dialPlans", dialPlanIds: [plan.id] }, tx)));
  }
  return toResyncJobDto(await transaction((tx) => data.createResyncJob(
    { scope: "All", scopeId: null, scopeName: "Everyone", requestedBy }, { kind: "all" }, tx)));
}

/** The EAC's "Refresh lamp" for one mailbox. */
export function refreshMailboxLamp(idOrAlias: string, who: Principal): Promise<ResyncJobDto> {
  return startResync({ scope: "Mailbox", id: idOrAlias }, who);
}

export async function getResyncJob(id: string): Promise<ResyncJobDto> {
  const r = await data.findResyncJob(id);
  if (!r) throw new NotFoundError("MWI resync job", id);
  return toResyncJobDto(r);
}

export async function listResyncJobs(limit = 20): Promise<{ items: ResyncJobDto[] }> {
  return { items: (await data.recentResyncJobs(Math.min(100, Math.max(1, limit)))).map(toResyncJobDto) };
}
