// The sip-worker's side of resync jobs: claiming a job's chunks (written by mwi-resync.ts),
// marking the sub-batch of lamps in flight, and finishing it — attempts, lamp states, the lamps
// handed to the full delivery path (as outbox rows) and the chunk's progress in one transaction.
import { db } from "../db";
import { jsonRows, newRowIdSql, param, sqlDate, sqlFor, type JsonCell } from "./bulk-sql";
import { claimRows, underClaimLock } from "./claim-rows";
import type { DeliveryAttemptRecord } from "./mwi-delivery";
import { insertAttempts, markStatesSent, type DeliveredState } from "./mwi-refresh";
import { runAll, sqlTransaction, statement, type SqlStatement } from "./sql";
import { dialPlanIdsOfGateway, scopeSql, type ResyncTarget } from "./mwi-resync";

export interface ClaimedResyncChunk {
  id: string;
  jobId: string;
  fromMailboxId: string;
  toMailboxId: string;
  size: number;
  /** Last mailbox of the finished sub-batches (null: none yet). */
  cursor: string | null;
  done: number;
  handedOver: number;
  /** When the job was asked for. */
  requestedAt: Date;
  target: ResyncTarget;
}

/** Claims up to `limit` pending chunks of running jobs, oldest job first, in id order. */
export async function claimResyncChunks(opts: { workerId: string; now: Date; leaseMs: number; limit: number }): Promise<ClaimedResyncChunk[]> {
  const rows = await claimRows<{
    id: string; jobId: string; fromMailboxId: string; toMailboxId: string; size: number; cursor: string | null; done: number; handedOver: number;
  }>({
    table: "MwiResyncChunk",
    where: [`o."status" = 'pending'`, `EXISTS (SELECT 1 FROM "MwiResyncJob" j WHERE j."id" = o."jobId" AND j."status" = 'running')`],
    params: [], orderBy: `o."createdAt", o."fromMailboxId"`, limit: opts.limit,
    workerId: opts.workerId, now: opts.now, leaseUntil: new Date(opts.now.getTime() + opts.leaseMs),
    returning: ["id", "jobId", "fromMailboxId", "toMailboxId", "size", "cursor", "done", "handedOver"],
  });
  if (rows.length === 0) return [];
  const jobs = await db.mwiResyncJob.findMany({
    where: { id: { in: [...new Set(rows.map((r) => r.jobId))] } }, select: { id: true, scope: true, scopeId: true, createdAt: true },
  });
  const out: ClaimedResyncChunk[] = [];
  for (const r of rows) {
    const job = jobs.find((j) => j.id === r.jobId);
    if (!job) continue; // deleted in between: its chunks went with it (cascade)
    out.push({
      ...r, size: Number(r.size), done: Number(r.done), handedOver: Number(r.handedOver),
      requestedAt: job.createdAt, target: await targetOf(job),
    });
  }
  return out;
}

/** The job's scope now (a gateway's dial plans are looked up as they are, not as they were). */
async function targetOf(job: { scope: string; scopeId: string | null }): Promise<ResyncTarget> {
  if (job.scope === "Mailbox" && job.scopeId) return { kind: "mailbox", mailboxId: job.scopeId };
  if (job.scope === "DialPlan" && job.scopeId) return { kind: "dialPlans", dialPlanIds: [job.scopeId] };
  if (job.scope === "Gateway" && job.scopeId) return { kind: "dialPlans", dialPlanIds: await dialPlanIdsOfGateway(job.scopeId) };
  return { kind: "all" };
}

/** The chunk's next mailboxes of its scope after its cursor, in id order. */
export async function nextChunkMailboxes(chunk: ClaimedResyncChunk, limit: number): Promise<string[]> {
  const scope = scopeSql(chunk.target);
  const rows = await db.$queryRawUnsafe<{ id: string }[]>(sqlFor(
    `SELECT m."id" FROM "UmMailbox" m
     WHERE m."id" >= ? AND m."id" <= ?${chunk.cursor === null ? "" : ` AND m."id" > ?`} AND ${scope.where}
     ORDER BY m."id" LIMIT ${Math.max(1, Math.floor(limit))}`),
    chunk.fromMailboxId, chunk.toMailboxId, ...(chunk.cursor === null ? [] : [chunk.cursor]), ...scope.params,
  );
  return rows.map((r) => r.id);
}

/**
 * Marks first..last as the sub-batch in flight and renews the lease; false when the chunk is no
 * longer this worker's. Serialised with the MWI claims (see notInResyncSubBatchSql).
 */
export async function markSubBatch(chunkId: string, workerId: string, first: string, last: string, leaseUntil: Date): Promise<boolean> {
  const n = await underClaimLock("MwiOutbox", db.$executeRawUnsafe(sqlFor(
    `UPDATE "MwiResyncChunk" SET "activeFrom" = ?, "activeTo" = ?, "leaseUntil" = ${param("timestamp")}
     WHERE "id" = ? AND "claimedBy" = ? AND "status" = 'pending'`),
    first, last, sqlDate(leaseUntil), chunkId, workerId,
  ));
  return n === 1;
}

/** Keeps chunks claimed while their sub-batch waits for rate-cap tokens or slow PBXs. */
export async function renewChunkLeases(ids: readonly string[], workerId: string, leaseUntil: Date): Promise<number> {
  if (ids.length === 0) return 0;
  const r = await db.mwiResyncChunk.updateMany({ where: { id: { in: [...ids] }, status: "pending", claimedBy: workerId }, data: { leaseUntil } });
  return r.count;
}

/**
 * Finishes a sub-batch in one transaction: its attempts, the lamps' delivered versions (their
 * refresh times stay: see send-lamp-states.ts), a "refresh" outbox row of the job for each lamp handed to the full delivery
 * path, and the chunk's cursor and counts (done: lamps finished here; the job counts the handed
 * over ones from their rows). With `last`, the chunk is done. False when another worker took the
 * chunk over (this one's lease ran out): the chunk is left as it is (that worker sends the
 * sub-batch again) and no hand-over rows are written; the attempts, which happened, are kept.
 */
export async function finishSubBatch(b: {
  chunk: ClaimedResyncChunk;
  workerId: string;
  now: Date;
  lastMailboxId: string | null;
  last: boolean;
  done: number;
  handedOver: number;
  delivered: DeliveredState[];
  attempts: DeliveryAttemptRecord[];
  handOver: string[];
}): Promise<boolean> {
  const { chunk, workerId } = b;
  const at = sqlDate(b.now);
  // Plain statements in one sqlTransaction (sql.ts): a resync finishes a sub-batch every ~0.1 s.
  const ops: SqlStatement[] = [...insertAttempts(b.attempts, b.now), ...markStatesSent(b.delivered, b.now)];
  if (b.handOver.length > 0) {
    ops.push(statement(sqlFor(
      `INSERT INTO "MwiOutbox" ("id", "mailboxId", "stateVersion", "kind", "status", "attempts", "nextAttemptAt", "resyncJobId", "createdAt")
       SELECT ${newRowIdSql()}, h."mailboxId", COALESCE(s."version", 0), 'refresh', 'pending', 0, ${param("timestamp")}, ${param("text")}, ${param("timestamp")}
       FROM ${jsonRows("h", [["mailboxId", "text"]])} LEFT JOIN "MwiState" s ON s."mailboxId" = h."mailboxId"
       WHERE EXISTS (SELECT 1 FROM "MwiResyncChunk" c WHERE c."id" = ? AND c."claimedBy" = ?)`),
      at, chunk.jobId, at, JSON.stringify(b.handOver.map((id): JsonCell[] => [id])), chunk.id, workerId,
    ));
  }
  ops.push(statement(sqlFor(
    `UPDATE "MwiResyncChunk" SET "cursor" = COALESCE(?, "cursor"), "activeFrom" = NULL, "activeTo" = NULL, "done" = ?, "handedOver" = ?,
       "status" = ?, "completedAt" = ${param("timestamp")}, "claimedBy" = ${b.last ? "NULL" : `"claimedBy"`}, "leaseUntil" = ${b.last ? "NULL" : `"leaseUntil"`}
     WHERE "id" = ? AND "claimedBy" = ?`),
    b.lastMailboxId, b.done, b.handedOver, b.last ? "done" : "pending", b.last ? at : null, chunk.id, workerId,
  ));
  const counts = await sqlTransaction((tx) => runAll(tx, ops));
  return counts.at(-1) === 1;
}

/** A job's chunks: pending ones, and lamps finished by them. */
export async function resyncChunkCounts(jobId: string): Promise<{ pending: number; done: number }> {
  const groups = await db.mwiResyncChunk.groupBy({ by: ["status"], where: { jobId }, _count: { _all: true }, _sum: { done: true } });
  const out = { pending: 0, done: 0 };
  for (const g of groups) {
    if (g.status === "pending") out.pending += g._count._all;
    out.done += g._sum.done ?? 0;
  }
  return out;
}
