// Reads for the EAC's MWI delivery page: per-gateway attempt statistics, the failure list and
// NOTIFYs per minute. Bounded queries only (indexes on DeliveryAttempt(gatewayId, createdAt),
// MwiEvent(at), MwiOutbox(status, …)) so the page stays fast after a 100,000-lamp resync.
import { db } from "../db";
import { dialect, param, sqlDate, sqlFor } from "./bulk-sql";

export function listGatewaysForHealth() {
  return db.umIpGateway.findMany({
    orderBy: { name: "asc" },
    select: { id: true, name: true, address: true, port: true, status: true, messageWaitingIndicatorAllowed: true },
  });
}

/** Attempts since `since` per gateway and outcome. */
export async function attemptCountsSince(since: Date) {
  const rows = await db.deliveryAttempt.groupBy({
    by: ["gatewayId", "ok"], where: { createdAt: { gte: since } }, _count: { _all: true },
  });
  return rows.map((r) => ({ gatewayId: r.gatewayId, ok: r.ok, count: r._count._all }));
}

/** The median latency of a gateway's successful attempts since `since` (null: none). */
export async function medianLatencySince(gatewayId: string, since: Date, okCount: number): Promise<number | null> {
  if (okCount === 0) return null;
  const row = await db.deliveryAttempt.findFirst({
    where: { gatewayId, ok: true, createdAt: { gte: since } },
    orderBy: { latencyMs: "asc" }, skip: Math.floor((okCount - 1) / 2), select: { latencyMs: true },
  });
  return row?.latencyMs ?? null;
}

/** The gateway's newest attempts, newest first (last attempt and consecutive failures). */
export function recentAttempts(gatewayId: string, take: number) {
  return db.deliveryAttempt.findMany({
    where: { gatewayId }, orderBy: { createdAt: "desc" }, take,
    select: { createdAt: true, ok: true, statusCode: true, reason: true },
  });
}

/** Successful and failed attempts per minute since `since` (a minute is "YYYY-MM-DDTHH:MM", UTC). */
export async function attemptsPerMinuteSince(since: Date): Promise<{ minute: string; ok: boolean; count: number }[]> {
  // Grouping in SQL keeps this one small result even with 100,000 attempts in the hour. SQLite
  // stores Prisma DateTimes as ISO-8601 text (UTC): the first 16 characters are the minute;
  // PostgreSQL's timestamp(3) (UTC) is formatted to the same text.
  const minute = dialect === "postgresql" ? `to_char("createdAt", 'YYYY-MM-DD"T"HH24:MI')` : `substr("createdAt", 1, 16)`;
  const rows = await db.$queryRawUnsafe<{ minute: string; ok: number | bigint | boolean; n: number | bigint }[]>(
    sqlFor(`SELECT ${minute} AS minute, "ok" AS ok, COUNT(*) AS n FROM "DeliveryAttempt"
     WHERE "createdAt" >= ${param("timestamp")} GROUP BY 1, 2`),
    sqlDate(since),
  );
  return rows.map((r) => ({ minute: r.minute, ok: r.ok === true || Number(r.ok) === 1, count: Number(r.n) }));
}

export function recentMwiEvents(take: number) {
  return db.mwiEvent.findMany({ orderBy: { at: "desc" }, take });
}

export function recentFailedOutboxRows(take: number) {
  return db.mwiOutbox.findMany({
    where: { status: "failed" }, orderBy: { completedAt: "desc" }, take,
    select: { id: true, mailboxId: true, lastError: true, completedAt: true, createdAt: true, kind: true },
  });
}

export function mailboxNames(ids: string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db.umMailbox.findMany({ where: { id: { in: ids } }, select: { id: true, displayName: true, alias: true } });
}

export function countPendingOutbox() {
  return db.mwiOutbox.count({ where: { status: "pending" } });
}
