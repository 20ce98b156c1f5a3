// On-demand resync jobs (web side): the job row and its "refresh" outbox rows, one per UM-enabled
// mailbox of the scope, written together so the worker never sees half a job.
import type { Prisma } from "../generated/sqlite/client";
import { db } from "../db";
import { newRowIdSql, param, sqlBool, sqlDate, sqlFor } from "./bulk-sql";
import type { Tx } from "./transaction";

export type ResyncJobRecord = Prisma.MwiResyncJobGetPayload<object>;

export type ResyncTarget =
  | { kind: "mailbox"; mailboxId: string }
  | { kind: "dialPlans"; dialPlanIds: string[] }
  | { kind: "all" };

/** The scope's UM-enabled mailboxes as SQL over UmMailbox "m", with its parameters. */
function scopeSql(t: ResyncTarget): { where: string; params: unknown[] } {
  if (t.kind === "mailbox") return { where: `m."umEnabled" = ? AND m."id" = ?`, params: [sqlBool(true), t.mailboxId] };
  if (t.kind === "dialPlans") {
    if (t.dialPlanIds.length === 0) return { where: "1 = 0", params: [] };
    const list = t.dialPlanIds.map(() => "?").join(",");
    // The mailbox keeps its primary dial plan; older rows may only have it through the policy.
    return {
      where: `m."umEnabled" = ? AND (m."dialPlanId" IN (${list}) OR (m."dialPlanId" IS NULL AND m."umMailboxPolicyId" IN
        (SELECT p."id" FROM "UmMailboxPolicy" p WHERE p."dialPlanId" IN (${list}))))`,
      params: [sqlBool(true), ...t.dialPlanIds, ...t.dialPlanIds],
    };
  }
  return { where: `m."umEnabled" = ?`, params: [sqlBool(true)] };
}

export async function createResyncJob(
  job: { scope: string; scopeId: string | null; scopeName: string; requestedBy: string },
  target: ResyncTarget,
  tx: Tx,
): Promise<ResyncJobRecord> {
  const now = new Date();
  const created = await tx.mwiResyncJob.create({ data: { ...job, total: 0 } });
  // One INSERT … SELECT for the whole scope: 100,000 rows in well under a second, where a
  // createMany through Prisma takes a row-sized round trip each (see bulk-sql.ts). Row ids are
  // random 96-bit hex (the rows are never addressed by id from outside).
  const scope = scopeSql(target);
  const at = sqlDate(now);
  const total = await tx.$executeRawUnsafe(sqlFor(
    `INSERT INTO "MwiOutbox" ("id", "mailboxId", "stateVersion", "kind", "status", "attempts", "nextAttemptAt", "resyncJobId", "createdAt")
     SELECT ${newRowIdSql()}, m."id", COALESCE(s."version", 0), 'refresh', 'pending', 0, ${param("timestamp")}, ${param("text")}, ${param("timestamp")}
     FROM "UmMailbox" m LEFT JOIN "MwiState" s ON s."mailboxId" = m."id" WHERE ${scope.where}`),
    at, created.id, at, ...scope.params,
  );
  return tx.mwiResyncJob.update({
    where: { id: created.id },
    data: { total, ...(total === 0 ? { status: "done", finishedAt: now } : {}) },
  });
}

export function findResyncJob(id: string) {
  return db.mwiResyncJob.findUnique({ where: { id } });
}

export function recentResyncJobs(take: number) {
  return db.mwiResyncJob.findMany({ orderBy: { createdAt: "desc" }, take });
}

export function dialPlanIdsOfGateway(gatewayId: string, tx: Tx = db) {
  return tx.umIpGatewayDialPlan.findMany({ where: { gatewayId }, select: { dialPlanId: true } }).then((r) => r.map((x) => x.dialPlanId));
}
