// The sip-worker's bulk side of the MWI outbox: the periodic refresh's schedule (MwiState
// .nextRefreshAt), claiming "refresh" rows in batches, loading their delivery contexts in a few
// queries instead of a few per mailbox, finishing delivered rows together, and resync job progress.
// Same rules as mwi-delivery.ts: single statements or write-only transactions (batch
// $transaction([...]) or sqlTransaction), guarded updates for races (see there).
import type { Prisma } from "../generated/sqlite/client";
import { leaseFree } from "./lease";
import { db } from "../db";
import {
  chunks, dialect, fromSqlBool, fromSqlDate, inJsonIds, jsonRows, newRowId, newRowIdSql, param, sqlBool, sqlDate, sqlFor, valuesList, type JsonCell,
} from "./bulk-sql";
import { claimRows, notInResyncSubBatchSql } from "./claim-rows";
import { runAll, sql, sqlTransaction, statement, type SqlStatement } from "./sql";
import type { ClaimedOutboxRow, DeliveryAttemptRecord, DeliveryContext } from "./mwi-delivery";

/** Ids per statement: one parameter each way, this only bounds a statement's size. */
const IDS_PER_STATEMENT = 5_000;

// ---------- periodic refresh schedule ----------

/**
 * UM-enabled mailboxes that have no MwiState yet (never had a message): they need a schedule too.
 * Looks at one window of `window` mailboxes after `afterId` (in id order) and says where it ended
 * (null: at the last mailbox), so a sweep of the estate goes in bounded steps: one statement over
 * the whole estate was an anti-join of every mailbox (~25 ms at 18,000 mailboxes, on the worker's
 * event loop, every tick).
 */
export async function mailboxesWithoutState(window: number, afterId: string): Promise<{ ids: string[]; scannedTo: string | null }> {
  const rows = await sql.query<{ id: string; umEnabled: unknown; stateId: string | null }>(sqlFor(
    `SELECT w."id", w."umEnabled", s."mailboxId" AS "stateId"
     FROM (SELECT "id", "umEnabled" FROM "UmMailbox" WHERE "id" > ? ORDER BY "id" LIMIT ${Math.max(1, Math.floor(window))}) w
     LEFT JOIN "MwiState" s ON s."mailboxId" = w."id"
     ORDER BY w."id"`),
    afterId,
  );
  const ids = rows.filter((r) => r.stateId === null && fromSqlBool(r.umEnabled)).map((r) => r.id);
  return { ids, scannedTo: rows.length < window ? null : rows[rows.length - 1].id };
}

/** Creates their (empty, version 0) states with a first refresh time each. */
export async function createStatesWithSchedule(items: { mailboxId: string; nextRefreshAt: Date }[]): Promise<number> {
  if (items.length === 0) return 0;
  // A web write may create one in between: ON CONFLICT DO NOTHING makes that row a skip, not a
  // failure (SQLite and PostgreSQL alike).
  const now = sqlDate(new Date());
  let n = 0;
  for (const part of chunks(items, 3)) {
    n += await db.$executeRawUnsafe(sqlFor(
      `INSERT INTO "MwiState" ("mailboxId", "nextRefreshAt", "updatedAt") VALUES ${valuesList(part.length, ["text", "timestamp", "timestamp"])}
       ON CONFLICT DO NOTHING`),
      ...part.flatMap((i) => [i.mailboxId, sqlDate(i.nextRefreshAt), now]),
    );
  }
  return n;
}

/** States with no refresh time yet (created by the web, or from before refreshes existed). */
export async function statesWithoutSchedule(limit: number): Promise<string[]> {
  const rows = await db.mwiState.findMany({ where: { nextRefreshAt: null }, select: { mailboxId: true }, take: limit });
  return rows.map((r) => r.mailboxId);
}

export interface DueRefresh {
  mailboxId: string;
  version: number;
  umEnabled: boolean;
}

/** Lamps whose refresh time has come, oldest first. */
export async function dueRefreshes(now: Date, limit: number): Promise<DueRefresh[]> {
  const rows = await db.mwiState.findMany({
    where: { nextRefreshAt: { lte: now } },
    orderBy: { nextRefreshAt: "asc" },
    take: limit,
    select: { mailboxId: true, version: true, mailbox: { select: { umEnabled: true } } },
  });
  return rows.map((r) => ({ mailboxId: r.mailboxId, version: r.version, umEnabled: r.mailbox.umEnabled }));
}

/**
 * Moves each lamp's refresh time on and queues a "refresh" row for the UM-enabled ones, in one
 * transaction: a crash can't queue without moving the time (a storm on restart) or the reverse
 * (a lamp never refreshed). Times are grouped so that one statement sets many lamps.
 */
export async function scheduleRefreshes(
  items: { mailboxId: string; version: number; enqueue: boolean; nextRefreshAt: Date }[], dueBy: Date,
): Promise<number> {
  if (items.length === 0) return 0;
  if (dialect === "postgresql") return scheduleRefreshesOnce(items, dueBy);
  // SQLite: the queueing reads the lamp's time in the same transaction that moves it on, both
  // guarded by "still due". SQLite runs one writing transaction at a time, so a second worker's
  // (on the same file) sees the lamp moved on and queues nothing.
  const now = sqlDate(new Date());
  const ops: Prisma.PrismaPromise<number>[] = [];
  for (const part of chunks(items.filter((i) => i.enqueue), 1)) {
    ops.push(db.$executeRawUnsafe(sqlFor(
      `INSERT INTO "MwiOutbox" ("id", "mailboxId", "stateVersion", "kind", "status", "attempts", "nextAttemptAt", "createdAt")
       SELECT ${newRowIdSql()}, s."mailboxId", s."version", 'refresh', 'pending', 0, ?, ?
       FROM "MwiState" s WHERE s."mailboxId" IN (${part.map(() => "?").join(",")}) AND s."nextRefreshAt" <= ?`),
      now, now, ...part.map((i) => i.mailboxId), sqlDate(dueBy),
    ));
  }
  const queued = ops.length;
  for (const part of chunks(items, 2)) ops.push(setNextRefresh(part, false, dueBy));
  const counts = await db.$transaction(ops);
  return counts.slice(0, queued).reduce((a, b) => a + b, 0);
}

/**
 * PostgreSQL, where several workers run the scheduler against one database: the time is moved on
 * only where it is still due, and the refresh row is queued from what that update returned, in
 * one statement. A second worker looking at the same due lamps blocks on the first one's row
 * locks, then finds (READ COMMITTED re-checks the WHERE on the updated row) that they are no
 * longer due: each lamp is queued once per period across the fleet, not once per worker.
 */
async function scheduleRefreshesOnce(
  items: { mailboxId: string; enqueue: boolean; nextRefreshAt: Date }[], dueBy: Date,
): Promise<number> {
  const now = sqlDate(new Date());
  const ops = chunks(items, 3).map((part) => db.$executeRawUnsafe(sqlFor(
    `WITH v("mailboxId", "at", "enqueue") AS (VALUES ${valuesList(part.length, ["text", "timestamp", "bool"])}),
     moved AS (
       UPDATE "MwiState" s SET "nextRefreshAt" = v."at" FROM v
       WHERE s."mailboxId" = v."mailboxId" AND s."nextRefreshAt" <= ?::timestamp(3)
       RETURNING s."mailboxId", s."version", v."enqueue")
     INSERT INTO "MwiOutbox" ("id", "mailboxId", "stateVersion", "kind", "status", "attempts", "nextAttemptAt", "createdAt")
     SELECT ${newRowIdSql()}, moved."mailboxId", moved."version", 'refresh', 'pending', 0, ?::timestamp(3), ?::timestamp(3)
     FROM moved WHERE moved."enqueue"`),
    ...part.flatMap((i) => [i.mailboxId, sqlDate(i.nextRefreshAt), i.enqueue]), sqlDate(dueBy), now, now,
  ));
  const counts = await db.$transaction(ops);
  return counts.reduce((a, b) => a + b, 0);
}

/** Sets first refresh times for states that had none. */
export async function setRefreshTimes(items: { mailboxId: string; nextRefreshAt: Date }[]): Promise<void> {
  if (items.length === 0) return;
  await db.$transaction(chunks(items, 2).map((part) => setNextRefresh(part, true)));
}

/** One statement for many lamps, each with its own time (MwiState.updatedAt untouched: nothing changed). */
function setNextRefresh(items: { mailboxId: string; nextRefreshAt: Date }[], onlyUnscheduled = false, dueBy?: Date) {
  const guard = onlyUnscheduled ? ` AND "MwiState"."nextRefreshAt" IS NULL` : dueBy ? ` AND "MwiState"."nextRefreshAt" <= ?` : "";
  return db.$executeRawUnsafe(sqlFor(
    `WITH v("mailboxId", "at") AS (VALUES ${valuesList(items.length, ["text", "timestamp"])})
     UPDATE "MwiState" SET "nextRefreshAt" = v."at" FROM v
     WHERE "MwiState"."mailboxId" = v."mailboxId"${guard}`),
    ...items.flatMap((i) => [i.mailboxId, sqlDate(i.nextRefreshAt)]), ...(dueBy && !onlyUnscheduled ? [sqlDate(dueBy)] : []),
  );
}

// ---------- refresh rows in batches ----------

const refreshRowSelect = {
  id: true, mailboxId: true, stateVersion: true, kind: true, attempts: true, firstAttemptAt: true,
  nextAttemptAt: true, leaseUntil: true, createdAt: true, resyncJobId: true,
} satisfies Prisma.MwiOutboxSelect;

export type ClaimedRefreshRow = ClaimedOutboxRow & { resyncJobId: string | null };


/** Claims up to `limit` due "refresh" rows (same two-step claim as claimDueOutboxRows). */
export async function claimRefreshRows(opts: { workerId: string; now: Date; leaseMs: number; limit: number }): Promise<ClaimedRefreshRow[]> {
  const { workerId, now } = opts;
  const at = sqlDate(now);
  // One statement (claim-rows.ts; FOR UPDATE SKIP LOCKED on PostgreSQL), serialised with the
  // change claims so a lamp is never delivered by two workers at once; the index on (status,
  // kind, nextAttemptAt, createdAt) lets it stop after the batch.
  const rows = await claimRows<ClaimedRefreshRow>({
    table: "MwiOutbox",
    where: [`o."status" = 'pending'`, `o."kind" = 'refresh'`, `o."nextAttemptAt" <= ${param("timestamp")}`,
      // A mailbox whose delivery is in flight anywhere waits, so NOTIFYs of one lamp stay in order.
      `NOT EXISTS (SELECT 1 FROM "MwiOutbox" x WHERE x."mailboxId" = o."mailboxId" AND x."status" = 'pending'
        AND x."leaseUntil" > ${param("timestamp")})`, notInResyncSubBatchSql("o")],
    params: [at, at, at], orderBy: `o."nextAttemptAt", o."createdAt"`, limit: opts.limit,
    workerId, now, leaseUntil: new Date(now.getTime() + opts.leaseMs), returning: Object.keys(refreshRowSelect),
    dates: ["firstAttemptAt", "nextAttemptAt", "leaseUntil", "createdAt"], serialize: true,
  });
  return rows.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
}

/**
 * SQLite plans from the statistics ANALYZE leaves in the file. Without them (or with ones taken
 * while the outbox was small) it can read a claim's `id IN (SELECT …)` and the completion
 * updates through the status index, i.e. every pending row, instead of the primary key: ~75 ms
 * instead of ~5 ms per statement once a resync has queued 100,000 rows. The refresh loop calls
 * this when it finds such a backlog. A full ANALYZE of the outbox takes ~0.2 s at 100,000 rows (a
 * sampled one, with analysis_limit, sees only the pending rows at the front of the index and gets
 * it wrong). PostgreSQL's autovacuum keeps its own statistics.
 */
export async function refreshOutboxStatistics(): Promise<void> {
  if (dialect !== "sqlite") return;
  await db.$executeRawUnsafe(`ANALYZE "MwiOutbox"`);
}

/** Keeps a batch's rows claimed while its NOTIFYs wait for their gateway's rate cap. */
export async function renewLeases(ids: readonly string[], workerId: string, leaseUntil: Date): Promise<number> {
  if (ids.length === 0) return 0;
  const r = await db.mwiOutbox.updateMany({ where: { id: { in: [...ids] }, status: "pending", claimedBy: workerId }, data: { leaseUntil } });
  return r.count;
}

/**
 * Mailboxes among `mailboxIds` with a pending change or final-off row: that delivery carries their
 * newest state, so the refresh is not sent separately. A change waiting for its retry backoff is
 * made due now: a refresh or resync means "send this lamp now", and the change path sends it.
 */
export async function mailboxesWithPendingChanges(mailboxIds: readonly string[], now: Date): Promise<Set<string>> {
  const found = new Set<string>();
  if (mailboxIds.length === 0) return found;
  // Raw SQL on the (mailboxId, status) index: a resync asks this for every batch, and Prisma's
  // findMany costs more in building its query and rows than the lookup itself.
  for (const part of chunks(mailboxIds, 1, IDS_PER_STATEMENT)) {
    const rows = await sql.query<{ mailboxId: string }>(sqlFor(
      `SELECT DISTINCT "mailboxId" FROM "MwiOutbox"
       WHERE "mailboxId" ${inJsonIds()} AND "status" = 'pending' AND "kind" <> 'refresh'`),
      JSON.stringify(part),
    );
    for (const r of rows) found.add(r.mailboxId);
  }
  if (found.size > 0) {
    await db.mwiOutbox.updateMany({
      where: { mailboxId: { in: [...found] }, status: "pending", kind: { not: "refresh" }, nextAttemptAt: { gt: now }, ...leaseFree(now) },
      data: { nextAttemptAt: now },
    });
  }
  return found;
}

// ---------- delivery contexts of a batch, in one raw statement ----------

// Every column of the three rows a DeliveryContext carries from the join, by JS type. The
// statement returns the batch as ONE JSON text (an array of rows, each an array of these columns
// in this order): a single value for Prisma to pass on instead of ~30 typed values per row,
// which is where most of the batch's read time went. JSON is also where the two databases differ
// least, and `cell` still converts every column explicitly: SQLite gives DateTime as the stored
// text and Boolean as 0/1, PostgreSQL gives timestamps as zone-less ISO text (timestamp(3) is
// UTC) and booleans as true/false; Prisma's own reads give Date and boolean on both.
const MAILBOX_COLUMNS = {
  id: "string", displayName: "string", alias: "string", email: "string", umEnabled: "boolean",
  umMailboxPolicyId: "string?", dialPlanId: "string?", extension: "string?", extraExtensions: "string",
  sipResourceIdentifier: "string?", e164Number: "string?", umSmsNotificationOption: "string", userId: "string?",
  createdAt: "date", updatedAt: "date",
} as const satisfies Record<keyof DeliveryContext["mailbox"], ColumnKind>;
const POLICY_COLUMNS = {
  id: "string", name: "string", allowMessageWaitingIndicator: "boolean", dialPlanId: "string",
} as const satisfies Record<keyof NonNullable<DeliveryContext["policy"]>, ColumnKind>;
const STATE_COLUMNS = {
  mailboxId: "string", messagesWaiting: "boolean", newCount: "int", oldCount: "int", newUrgentCount: "int",
  oldUrgentCount: "int", version: "int", deliveredVersion: "int", lastSentAt: "date?", nextRefreshAt: "date?",
  updatedAt: "date",
} as const satisfies Record<keyof NonNullable<DeliveryContext["state"]>, ColumnKind>;

const DIAL_PLAN_COLUMNS = {
  id: "string", name: "string", numberOfDigitsInExtension: "int", uriType: "string", voipSecurity: "string",
  countryOrRegionCode: "string", createdAt: "date", updatedAt: "date",
} as const satisfies Record<keyof NonNullable<DeliveryContext["dialPlan"]>, ColumnKind>;
const GATEWAY_COLUMNS = {
  id: "string", name: "string", address: "string", port: "int", messageWaitingIndicatorAllowed: "boolean", status: "string",
  outcallsAllowed: "boolean", ipAddressFamily: "string", transport: "string?", createdAt: "date", updatedAt: "date",
} as const satisfies Record<keyof DeliveryContext["gateways"][number], ColumnKind>;

type ColumnKind = "string" | "string?" | "boolean" | "int" | "date" | "date?";
type Columns = Record<string, ColumnKind>;
type RowOf<C extends Columns> = {
  -readonly [K in keyof C]: C[K] extends "string" ? string : C[K] extends "string?" ? string | null
    : C[K] extends "boolean" ? boolean : C[K] extends "int" ? number : C[K] extends "date" ? Date : Date | null;
};

// Compile-time proof that the converted rows are exactly the types DeliveryContext declares (no
// cast hides a difference): each must be assignable both ways. (`satisfies` above already
// requires every field, and no other.)
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameShapes: [
  Same<RowOf<typeof MAILBOX_COLUMNS>, DeliveryContext["mailbox"]>,
  Same<RowOf<typeof POLICY_COLUMNS>, NonNullable<DeliveryContext["policy"]>>,
  Same<RowOf<typeof STATE_COLUMNS>, NonNullable<DeliveryContext["state"]>>,
  Same<RowOf<typeof DIAL_PLAN_COLUMNS>, NonNullable<DeliveryContext["dialPlan"]>>,
  Same<RowOf<typeof GATEWAY_COLUMNS>, DeliveryContext["gateways"][number]>,
] = [true, true, true, true, true];
void sameShapes;

/** One table's part of a result row: its columns' names and kinds, and where they start. */
interface Part<C extends Columns> {
  names: (keyof C & string)[];
  kinds: ColumnKind[];
  offset: number;
}

function part<C extends Columns>(cols: C, offset: number): Part<C> {
  const names = Object.keys(cols) as (keyof C & string)[];
  return { names, kinds: names.map((n) => cols[n]), offset };
}

const MAILBOX_PART = part(MAILBOX_COLUMNS, 0);
const POLICY_PART = part(POLICY_COLUMNS, MAILBOX_PART.names.length);
const STATE_PART = part(STATE_COLUMNS, POLICY_PART.offset + POLICY_PART.names.length);

const CONTEXT_CELLS = [
  ...MAILBOX_PART.names.map((c) => `m."${c}"`),
  ...POLICY_PART.names.map((c) => `p."${c}"`),
  ...STATE_PART.names.map((c) => `s."${c}"`),
].join(", ");

const DIAL_PLAN_PART = part(DIAL_PLAN_COLUMNS, 0);
/** Gateway rows start after the link's dialPlanId and gatewayOrder. */
const GATEWAY_PART = part(GATEWAY_COLUMNS, 2);

/** All rows of a query as ONE JSON text: an array of rows, each an array of `cells`. */
function jsonAgg(cells: string): string {
  return dialect === "postgresql" ? `json_agg(json_build_array(${cells}))::text` : `json_group_array(json_array(${cells}))`;
}

/** The contexts' rows of mailboxes whose ids are in one JSON parameter, as one JSON text. */
const CONTEXT_SQL = () => sqlFor(`SELECT ${jsonAgg(CONTEXT_CELLS)} AS "rows"
    FROM "UmMailbox" m
    LEFT JOIN "UmMailboxPolicy" p ON p."id" = m."umMailboxPolicyId"
    LEFT JOIN "MwiState" s ON s."mailboxId" = m."id"
    WHERE m."id" ${inJsonIds()}`);
const DIAL_PLANS_SQL = () => sqlFor(`SELECT ${jsonAgg(DIAL_PLAN_PART.names.map((c) => `d."${c}"`).join(", "))} AS "rows"
    FROM "UmDialPlan" d WHERE d."id" ${inJsonIds()}`);
const GATEWAYS_SQL = () => sqlFor(`SELECT ${jsonAgg(["l.\"dialPlanId\"", "l.\"gatewayOrder\"", ...GATEWAY_PART.names.map((c) => `g."${c}"`)].join(", "))} AS "rows"
    FROM "UmIpGatewayDialPlan" l JOIN "UmIpGateway" g ON g."id" = l."gatewayId"
    WHERE l."dialPlanId" ${inJsonIds()}`);

/** Runs one of the JSON-aggregating reads above for `ids`; its rows. */
async function jsonRowsOf(text: string, ids: readonly string[]): Promise<unknown[][]> {
  const [result] = await sql.query<{ rows: string | null }>(text, JSON.stringify(ids));
  // No rows: SQLite's json_group_array gives "[]", PostgreSQL's json_agg NULL.
  return result?.rows ? JSON.parse(result.rows) as unknown[][] : [];
}

function cell(v: unknown, kind: ColumnKind, column: string): unknown {
  if (v === null || v === undefined) {
    if (!kind.endsWith("?")) throw new Error(`${column}: unexpected null`);
    return null;
  }
  switch (kind) {
    case "string": case "string?":
      if (typeof v !== "string") break;
      return v;
    case "boolean":
      if (typeof v === "boolean") return v;
      if (v === 0 || v === 1) return v === 1;
      break;
    case "int":
      if (typeof v !== "number" || !Number.isInteger(v)) break;
      return v;
    case "date": case "date?":
      return fromSqlDate(v, column);
  }
  throw new Error(`${column}: not a ${kind}: ${JSON.stringify(v)}`);
}

/** One table's columns of a result row, converted to the JS types Prisma's reads give. */
function pick<C extends Columns>(row: readonly unknown[], p: Part<C>): RowOf<C> {
  const out: Record<string, unknown> = {};
  for (let i = 0; i < p.names.length; i++) out[p.names[i]] = cell(row[p.offset + i], p.kinds[i], p.names[i]);
  return out as RowOf<C>;
}

/**
 * loadDeliveryContext for many mailboxes: mailbox, policy and lamp state in one raw join per
 * chunk of ids, then the few dial plans and gateways they use (shared), one raw read each. The
 * contexts are the same objects, field for field and type for type, that Prisma's include gives.
 */
export async function loadDeliveryContexts(mailboxIds: readonly string[]): Promise<Map<string, DeliveryContext>> {
  const out = new Map<string, DeliveryContext>();
  if (mailboxIds.length === 0) return out;
  const found: Omit<DeliveryContext, "dialPlan" | "gateways">[] = [];
  for (const ids of chunks(mailboxIds, 1, IDS_PER_STATEMENT)) {
    for (const r of await jsonRowsOf(CONTEXT_SQL(), ids)) {
      found.push({
        mailbox: pick(r, MAILBOX_PART),
        // A LEFT JOIN's missing row: its primary key column is null.
        policy: r[POLICY_PART.offset] === null ? null : pick(r, POLICY_PART),
        state: r[STATE_PART.offset] === null ? null : pick(r, STATE_PART),
      });
    }
  }
  const planIds = [...new Set(found.map((f) => f.mailbox.dialPlanId ?? f.policy?.dialPlanId).filter((x): x is string => !!x))];
  const [plans, links] = planIds.length === 0 ? [[], []] : await Promise.all([
    jsonRowsOf(DIAL_PLANS_SQL(), planIds),
    jsonRowsOf(GATEWAYS_SQL(), planIds),
  ]);
  const planById = new Map(plans.map((r) => {
    const plan = pick(r, DIAL_PLAN_PART);
    return [plan.id, plan];
  }));
  const gatewaysByPlan = new Map<string, DeliveryContext["gateways"]>();
  // A dial plan's gateways in their configured order (gatewayOrder), the order deliveries try them.
  const ordered = links
    .map((r) => ({ planId: cell(r[0], "string", "dialPlanId") as string, order: cell(r[1], "int", "gatewayOrder") as number, gateway: pick(r, GATEWAY_PART) }))
    .sort((a, b) => a.order - b.order);
  for (const l of ordered) {
    const list = gatewaysByPlan.get(l.planId) ?? [];
    list.push(l.gateway);
    gatewaysByPlan.set(l.planId, list);
  }
  for (const { mailbox, policy, state } of found) {
    const planId = mailbox.dialPlanId ?? policy?.dialPlanId ?? null;
    out.set(mailbox.id, {
      mailbox, policy, state,
      dialPlan: planId ? planById.get(planId) ?? null : null,
      gateways: planId ? gatewaysByPlan.get(planId) ?? [] : [],
    });
  }
  return out;
}

/** A lamp whose state NOTIFY a PBX accepted. */
export interface DeliveredState {
  mailboxId: string;
  /** The state version the NOTIFY carried (null: the mailbox had no state row). */
  version: number | null;
  stateUpdatedAt: Date | null;
  /** The lamp's next periodic refresh; null: it keeps the one it has. */
  nextRefreshAt: Date | null;
}

export interface DeliveredRefresh extends DeliveredState {
  outboxId: string;
}

/**
 * Finishes a batch in one transaction: delivered rows, their attempts, and per lamp the version the
 * PBX now shows and its next refresh time; plus rows finished without a NOTIFY (superseded,
 * skipped) with their reason.
 */
export async function completeRefreshBatch(b: {
  workerId: string;
  now: Date;
  delivered: DeliveredRefresh[];
  attempts: DeliveryAttemptRecord[];
  finished: { outboxId: string; status: "superseded" | "skipped"; reason: string }[];
}): Promise<void> {
  // Multi-row statements, each taking its rows as one JSON parameter (jsonRows) and walking its
  // table in key order: a resync touches rows all over MwiState and the indexes, and sorted keys
  // keep neighbouring rows on pages that are already in the page cache.
  const ops: SqlStatement[] = [];
  const { workerId } = b;
  const at = sqlDate(b.now);
  const delivered = [...b.delivered].sort(byKey((d) => d.outboxId));
  for (const part of chunks(delivered, 1, IDS_PER_STATEMENT)) {
    ops.push(statement(sqlFor(
      `UPDATE "MwiOutbox" SET "status" = 'delivered', "lastError" = NULL, "completedAt" = ${param("timestamp")}, "claimedBy" = NULL,
         "leaseUntil" = NULL, "attempts" = "attempts" + 1, "firstAttemptAt" = ${param("timestamp")}
       WHERE "claimedBy" = ? AND "id" ${inJsonIds()}`),
      at, at, workerId, JSON.stringify(part.map((d) => d.outboxId)),
    ));
  }
  ops.push(...insertAttempts(b.attempts, b.now), ...markStatesSent(b.delivered, b.now));
  const byReason = new Map<string, { status: string; reason: string; ids: string[] }>();
  for (const f of b.finished) {
    const key = `${f.status}\u0000${f.reason}`;
    const g = byReason.get(key) ?? { status: f.status, reason: f.reason, ids: [] };
    g.ids.push(f.outboxId);
    byReason.set(key, g);
  }
  for (const g of byReason.values()) {
    for (const part of chunks(g.ids, 1, IDS_PER_STATEMENT)) {
      ops.push(statement(sqlFor(
        `UPDATE "MwiOutbox" SET "status" = ?, "lastError" = ?, "completedAt" = ${param("timestamp")}, "claimedBy" = NULL, "leaseUntil" = NULL
         WHERE "claimedBy" = ? AND "id" ${inJsonIds()}`),
        g.status, g.reason, at, workerId, JSON.stringify(part),
      ));
    }
  }
  if (ops.length > 0) await sqlTransaction((tx) => runAll(tx, ops));
}

/** Sorts by a key, so a multi-row statement walks its table and indexes in key order. */
const byKey = <T>(key: (x: T) => string) => (x: T, y: T) => (key(x) < key(y) ? -1 : key(x) > key(y) ? 1 : 0);

/** Statements (for a transaction) recording many NOTIFY attempts. */
export function insertAttempts(attempts: readonly DeliveryAttemptRecord[], now: Date): SqlStatement[] {
  const at = sqlDate(now);
  // A mailbox or gateway removed while its NOTIFY was out must not fail the whole batch on a
  // foreign key: the attempt of a removed mailbox would be deleted with it anyway (it is not
  // written), and one to a removed gateway keeps its name but no link (as its deletion leaves the
  // older ones).
  return chunks([...attempts].sort(byKey((a) => a.mailboxId)), 1, IDS_PER_STATEMENT).map((part) => statement(sqlFor(
    `INSERT INTO "DeliveryAttempt" ("id", "outboxId", "mailboxId", "gatewayId", "gatewayName", "transport", "target",
      "statusCode", "reason", "ok", "latencyMs", "messagesWaiting", "createdAt")
     SELECT a."id", a."outboxId", a."mailboxId",
      CASE WHEN EXISTS (SELECT 1 FROM "UmIpGateway" g WHERE g."id" = a."gatewayId") THEN a."gatewayId" END,
      a."gatewayName", a."transport", a."target", a."statusCode", a."reason", a."ok", a."latencyMs", a."messagesWaiting", ${param("timestamp")}
     FROM ${jsonRows("a", [["id", "text"], ["outboxId", "text"], ["mailboxId", "text"], ["gatewayId", "text"],
       ["gatewayName", "text"], ["transport", "text"], ["target", "text"], ["statusCode", "int"], ["reason", "text"],
       ["ok", "bool"], ["latencyMs", "int"], ["messagesWaiting", "bool"]])}
     WHERE EXISTS (SELECT 1 FROM "UmMailbox" m WHERE m."id" = a."mailboxId")`),
    at,
    JSON.stringify(part.map((a): JsonCell[] => [
      newRowId(), a.outboxId, a.mailboxId, a.gatewayId, a.gatewayName, a.transport, a.target, a.statusCode, a.reason,
      sqlBool(a.ok), Math.max(0, Math.round(a.latencyMs)), sqlBool(a.messagesWaiting),
    ])),
  ));
}

/**
 * Statements recording, per lamp sent, the version the PBX now shows and (where given) its next
 * refresh time — only where the state is still the one sent (a newer one has its own change row
 * on the way). updatedAt is left alone: it means "the lamp changed", and a refresh changes nothing.
 */
export function markStatesSent(delivered: readonly DeliveredState[], now: Date): SqlStatement[] {
  const at = sqlDate(now);
  const states = delivered.filter((d) => d.version !== null).sort(byKey((d) => d.mailboxId));
  const ops: SqlStatement[] = [];
  // Two statements rather than a COALESCE: a lamp keeping its refresh time must not touch the
  // nextRefreshAt index at all (a resync of 100,000 lamps would rewrite every entry of it).
  for (const moves of [true, false]) {
    const rows = states.filter((d) => (d.nextRefreshAt !== null) === moves);
    for (const part of chunks(rows, 1, IDS_PER_STATEMENT)) {
      ops.push(statement(sqlFor(
        `UPDATE "MwiState" SET "deliveredVersion" = v."version", "lastSentAt" = ${param("timestamp")}${moves ? `, "nextRefreshAt" = v."next"` : ""}
         FROM ${jsonRows("v", [["mailboxId", "text"], ["version", "int"], ["next", "timestamp"]])}
         WHERE "MwiState"."mailboxId" = v."mailboxId" AND "MwiState"."version" = v."version"
           AND "MwiState"."deliveredVersion" <= v."version"`),
        at, JSON.stringify(part.map((d): JsonCell[] => [d.mailboxId, d.version, d.nextRefreshAt && sqlDate(d.nextRefreshAt)])),
      ));
    }
  }
  return ops;
}


// ---------- resync job progress ----------

export interface ResyncJobRow {
  id: string;
  total: number;
  done: number;
  failed: number;
}

export function runningResyncJobs(): Promise<ResyncJobRow[]> {
  return db.mwiResyncJob.findMany({ where: { status: "running" }, select: { id: true, total: true, done: true, failed: true } });
}

/** Rows of a job by status: pending, and finished ones (delivered/superseded/skipped count as done). */
export async function resyncJobRowCounts(jobId: string): Promise<{ pending: number; done: number; failed: number }> {
  const groups = await db.mwiOutbox.groupBy({ by: ["status"], where: { resyncJobId: jobId }, _count: { _all: true } });
  const out = { pending: 0, done: 0, failed: 0 };
  for (const g of groups) {
    if (g.status === "pending") out.pending += g._count._all;
    else if (g.status === "failed") out.failed += g._count._all;
    else out.done += g._count._all;
  }
  return out;
}

export async function updateResyncJobProgress(jobId: string, p: { done: number; failed: number; finished: boolean; now: Date }): Promise<void> {
  await db.mwiResyncJob.updateMany({
    where: { id: jobId, status: "running" },
    data: { done: p.done, failed: p.failed, ...(p.finished ? { status: "done", finishedAt: p.now } : {}) },
  });
}

/** Subscriptions held in the database (the /metrics gauge). */
export function countSipSubscriptions(): Promise<number> {
  return db.sipSubscription.count();
}
