// On-demand resync jobs (web side): the job row and its chunks (mwi-resync-chunks.ts), slices of
// the scope's UM-enabled mailboxes in id order, written together so the worker never sees half a
// job.
import type { Prisma } from "../generated/sqlite/client";
import { db } from "../db";
import { newRowIdSql, param, sqlBool, sqlDate, sqlFor } from "./bulk-sql";
import type { Tx } from "./transaction";

export type ResyncJobRecord = Prisma.MwiResyncJobGetPayload<object>;

export type ResyncTarget =
  | { kind: "mailbox"; mailboxId: string }
  | { kind: "dialPlans"; dialPlanIds: string[] }
  | { kind: "all" };

/** Lamps per chunk: one claim and a few statements per chunk, and a lease that is cheap to lose. */
export const RESYNC_CHUNK_SIZE = 1_000;

/** The scope's UM-enabled mailboxes as SQL over UmMailbox "m", with its parameters. */
export function scopeSql(t: ResyncTarget): { where: string; params: unknown[] } {
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
  // One INSERT … SELECT for the whole scope: its mailboxes numbered in id order and cut into
  // slices of RESYNC_CHUNK_SIZE, each slice one row (~100 rows for 100,000 lamps).
  const scope = scopeSql(target);
  await tx.$executeRawUnsafe(sqlFor(
    `INSERT INTO "MwiResyncChunk" ("id", "jobId", "fromMailboxId", "toMailboxId", "size", "status", "createdAt")
     SELECT ${newRowIdSql()}, ${param("text")}, MIN(g."id"), MAX(g."id"), COUNT(*), 'pending', ${param("timestamp")}
     FROM (SELECT m."id", (ROW_NUMBER() OVER (ORDER BY m."id") - 1) / ${RESYNC_CHUNK_SIZE} AS "slice"
           FROM "UmMailbox" m WHERE ${scope.where}) g
     GROUP BY g."slice"`),
    created.id, sqlDate(now), ...scope.params,
  );
  const sum = await tx.mwiResyncChunk.aggregate({ where: { jobId: created.id }, _sum: { size: true } });
  const total = sum._sum.size ?? 0;
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
