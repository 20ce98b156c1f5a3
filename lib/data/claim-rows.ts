// Claiming outbox rows (MWI changes, refreshes, texts) under a lease, in one statement:
// UPDATE … SET claimedBy, leaseUntil WHERE id IN (SELECT the due rows … LIMIT n) RETURNING.
// The lease (claimedBy + leaseUntil) keeps a row a worker's after the statement, and lets
// another worker take it over when the holder died.
//
// PostgreSQL, where several sip-workers share one database with no coordinator: the subquery
// takes its rows FOR UPDATE SKIP LOCKED, so concurrent claimers (and a web transaction that has
// a row locked) pass over each other's rows instead of queueing behind them.
// SQLite: one writer at a time makes the statement atomic by itself. One statement instead of
// find → update → read back also lets a resync claim bigger batches (no 999-value `id IN` list).
import type { Prisma } from "../generated/sqlite/client";
import { db } from "../db";
import { dialect, fromSqlDate, param, sqlDate, sqlFor } from "./bulk-sql";
import { leaseFreeSql } from "./lease";
import { sql } from "./sql";

export interface RowClaim {
  table: "MwiOutbox" | "SmsOutbox" | "MwiResyncChunk";
  /** Conditions on the candidate row `o`, with `?` placeholders, ANDed with "lease free". */
  where: string[];
  params: unknown[];
  orderBy: string;
  limit: number;
  workerId: string;
  now: Date;
  leaseUntil: Date;
  /** Columns returned for each claimed row. */
  returning: readonly string[];
  /** Which of them are DateTimes. */
  dates?: readonly string[];
  /**
   * Serialise claims of this table across workers for the statement's duration. Needed where a
   * condition looks at *other* rows' leases (MWI: "no delivery of this mailbox in flight
   * anywhere"): in READ COMMITTED each claim then starts after the previous claimer committed,
   * so it sees that claimer's leases and two workers never deliver one lamp at once. A claim
   * takes about a millisecond, so this costs little; it is a lock, not a coordinator.
   * (PostgreSQL only: SQLite's writers are serialised anyway.)
   */
  serialize?: boolean;
}

const CLAIM_LOCK_KEYS: Record<RowClaim["table"], number> = { MwiOutbox: 7_236_002, SmsOutbox: 7_236_003, MwiResyncChunk: 7_236_004 };

/**
 * Runs a statement serialised with the claims of `table` (see RowClaim.serialize): a resync
 * chunk marking the lamps it is about to send takes the MWI claims' lock, so a change claim sees
 * the mark or the sub-batch sees the claimed change, never neither.
 */
export async function underClaimLock<T>(table: RowClaim["table"], op: Prisma.PrismaPromise<T>): Promise<T> {
  if (dialect !== "postgresql") return op;
  const [, result] = await db.$transaction([db.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${CLAIM_LOCK_KEYS[table]})`), op]);
  return result;
}

export async function claimRows<Row>(c: RowClaim): Promise<Row[]> {
  const at = sqlDate(c.now);
  const where = [
    leaseFreeSql("o"),
    ...c.where,
  ];
  const text = sqlFor(
    `UPDATE "${c.table}" SET "claimedBy" = ?, "leaseUntil" = ${param("timestamp")}
     WHERE "id" IN (
       SELECT o."id" FROM "${c.table}" o WHERE ${where.join(" AND ")}
       ORDER BY ${c.orderBy} LIMIT ${Math.max(1, Math.floor(c.limit))}${dialect === "postgresql" ? `
       FOR UPDATE SKIP LOCKED` : ""})
     RETURNING ${c.returning.map((col) => `"${col}"`).join(", ")}`,
  );
  const params = [c.workerId, sqlDate(c.leaseUntil), at, ...c.params];
  // PostgreSQL's serialised claim needs Prisma's batch transaction for its advisory lock; SQLite
  // (one writer anyway) runs the statement directly (sql.ts), the worker polls it often.
  const rows = dialect === "postgresql"
    ? await (c.serialize ? underClaimLock(c.table, db.$queryRawUnsafe<Row[]>(text, ...params)) : db.$queryRawUnsafe<Row[]>(text, ...params))
    : await sql.query<Row>(text, ...params);
  return rows.map((r) => asPrismaRow(r as Record<string, unknown>, c.dates ?? [])) as Row[];
}

/**
 * Condition for a claim of outbox rows `alias`: the lamp is not in a resync sub-batch in flight.
 * One `now` parameter. A change waits for the sub-batch (a fraction of a second uncapped), as it
 * waits for an outbox row in flight, so that its newer state is never overtaken by the older one.
 */
export function notInResyncSubBatchSql(alias: string): string {
  return `NOT EXISTS (SELECT 1 FROM "MwiResyncChunk" c WHERE c."activeFrom" <= ${alias}."mailboxId"
    AND c."activeTo" >= ${alias}."mailboxId" AND c."leaseUntil" > ${param("timestamp")})`;
}

/** Raw rows as Prisma's own reads return them: the columns named in `dates` become Dates. */
function asPrismaRow(r: Record<string, unknown>, dates: readonly string[]): Record<string, unknown> {
  for (const k of dates) if (r[k] !== null && r[k] !== undefined) r[k] = fromSqlDate(r[k], k);
  return r;
}

/** "?, ?, ?" for an IN list. */
export function inList(n: number): string {
  return new Array(n).fill("?").join(", ");
}
