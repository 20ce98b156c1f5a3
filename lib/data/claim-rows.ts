// Claiming outbox rows on PostgreSQL, where several sip-workers share one database with no
// coordinator: one UPDATE … WHERE id IN (SELECT … FOR UPDATE SKIP LOCKED) … RETURNING takes the
// due rows under a lease in one round trip. SKIP LOCKED makes concurrent claimers (and a web
// transaction that has a row locked) pass over each other's rows instead of queueing behind them
// or failing; the lease (claimedBy + leaseUntil) is what keeps a row a worker's after the
// statement, and what lets another worker take it over when the holder died.
//
// (SQLite has one writer at a time and no SKIP LOCKED; there the portable find → guarded
// updateMany → read back in each claim function does the same job.)
import { db } from "../db";
import { sqlDate, sqlFor } from "./bulk-sql";

export interface SkipLockedClaim {
  table: "MwiOutbox" | "SmsOutbox";
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
  /**
   * Serialise claims of this table across workers for the statement's duration. Needed where a
   * condition looks at *other* rows' leases (MWI: "no delivery of this mailbox in flight
   * anywhere"): in READ COMMITTED each claim then starts after the previous claimer committed,
   * so it sees that claimer's leases and two workers never deliver one lamp at once. A claim
   * takes about a millisecond, so this costs little; it is a lock, not a coordinator.
   */
  serialize?: boolean;
}

const CLAIM_LOCK_KEYS: Record<SkipLockedClaim["table"], number> = { MwiOutbox: 7_236_002, SmsOutbox: 7_236_003 };

export async function claimWithSkipLocked<Row>(c: SkipLockedClaim): Promise<Row[]> {
  const at = sqlDate(c.now);
  const where = [
    `(o."claimedBy" IS NULL OR o."leaseUntil" IS NULL OR o."leaseUntil" < ?::timestamp(3))`,
    ...c.where,
  ];
  const sql = sqlFor(
    `UPDATE "${c.table}" SET "claimedBy" = ?, "leaseUntil" = ?::timestamp(3)
     WHERE "id" IN (
       SELECT o."id" FROM "${c.table}" o WHERE ${where.join(" AND ")}
       ORDER BY ${c.orderBy} LIMIT ${Math.max(1, Math.floor(c.limit))}
       FOR UPDATE SKIP LOCKED)
     RETURNING ${c.returning.map((col) => `"${col}"`).join(", ")}`,
  );
  const params = [c.workerId, sqlDate(c.leaseUntil), at, ...c.params];
  if (!c.serialize) return db.$queryRawUnsafe<Row[]>(sql, ...params);
  const [, rows] = await db.$transaction([
    db.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${CLAIM_LOCK_KEYS[c.table]})`),
    db.$queryRawUnsafe<Row[]>(sql, ...params),
  ]);
  return rows;
}

/** "?, ?, ?" for an IN list. */
export function inList(n: number): string {
  return new Array(n).fill("?").join(", ");
}
