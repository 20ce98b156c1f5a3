// Reads for the EAC's MWI delivery page: per-gateway attempt statistics, the failure list and
// NOTIFYs per minute. Bounded queries only (indexes on DeliveryAttempt(gatewayId, createdAt),
// MwiEvent(at), MwiOutbox(status, …)) so the page stays fast after a 100,000-lamp resync.
import { db } from "../db";
import { dialect, fromSqlBool, param, sqlDate, sqlFor } from "./bulk-sql";

export function listGatewaysForHealth() {
  return db.umIpGateway.findMany({
    orderBy: { name: "asc" },
    select: { id: true, name: true, address: true, port: true, status: true, messageWaitingIndicatorAllowed: true },
  });
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
export async function attemptsPerMinuteSince(since: Date): Promise<{ minute: string; gatewayId: string | null; ok: boolean; count: number }[]> {
  // Grouping in SQL keeps this one small result even with 100,000 attempts in the hour. SQLite
  // stores Prisma DateTimes as ISO-8601 text (UTC): the first 16 characters are the minute;
  // PostgreSQL's timestamp(3) (UTC) is formatted to the same text.
  const minute = dialect === "postgresql" ? `to_char("createdAt", 'YYYY-MM-DD"T"HH24:MI')` : `substr("createdAt", 1, 16)`;
  // Per gateway too: the page's per-gateway totals are summed from these same rows, so the chart
  // and the table agree while the worker keeps writing attempts.
  const rows = await db.$queryRawUnsafe<{ minute: string; gatewayId: string | null; ok: number | bigint | boolean; n: number | bigint }[]>(
    sqlFor(`SELECT ${minute} AS minute, "gatewayId" AS "gatewayId", "ok" AS ok, COUNT(*) AS n FROM "DeliveryAttempt"
     WHERE "createdAt" >= ${param("timestamp")} GROUP BY 1, 2, 3`),
    sqlDate(since),
  );
  return rows.map((r) => ({ minute: r.minute, gatewayId: r.gatewayId, ok: fromSqlBool(r.ok), count: Number(r.n) }));
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
