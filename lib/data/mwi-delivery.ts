// The sip-worker's side of the MWI outbox: claim due rows under a lease, coalesce a mailbox's
// rows into one delivery, load what a delivery needs, record attempts, and finish or reschedule.
//
// SQLite with two processes (web + worker): every function here is a single statement or a
// batch $transaction([...]); no interactive read-then-write transaction, which would fail with
// SQLITE_BUSY_SNAPSHOT whenever the web commits in between. Correctness under races comes from
// guarded updateMany calls (claimedBy / leaseUntil / status in the WHERE), not from locks.
import type { Prisma } from "../generated/sqlite/client";
import { param, sqlDate } from "./bulk-sql";
import { claimRows, inList, notInResyncSubBatchSql } from "./claim-rows";
import { db } from "../db";
import { insertAttempts } from "./mwi-refresh";
import { sql } from "./sql";

export type OutboxStatus = "pending" | "delivered" | "failed" | "skipped" | "superseded";

const claimedRowSelect = {
  id: true,
  mailboxId: true,
  stateVersion: true,
  kind: true,
  attempts: true,
  firstAttemptAt: true,
  nextAttemptAt: true,
  leaseUntil: true,
  createdAt: true,
} satisfies Prisma.MwiOutboxSelect;

export type ClaimedOutboxRow = Prisma.MwiOutboxGetPayload<{ select: typeof claimedRowSelect }>;


export interface ClaimOptions {
  workerId: string;
  now: Date;
  leaseMs: number;
  limit: number;
  /** Mailboxes this worker is delivering right now; never two deliveries of one lamp at once. */
  busyMailboxIds?: readonly string[];
  /** Only rows of these kinds (the worker claims changes and refreshes in separate loops). */
  kinds?: readonly string[];
  /** Skip lamps that got a NOTIFY less than this long ago (storm coalescing; 0 = off). */
  minIntervalMs?: number;
}

const CLAIMED_ROW_DATES = ["firstAttemptAt", "nextAttemptAt", "leaseUntil", "createdAt"] as const;

/**
 * Claims up to `limit` due pending rows under a lease, in one statement (claim-rows.ts; FOR
 * UPDATE SKIP LOCKED on PostgreSQL), oldest first.
 */
export async function claimDueOutboxRows(opts: ClaimOptions): Promise<ClaimedOutboxRow[]> {
  const busy = opts.busyMailboxIds ?? [];
  const where = [`o."status" = 'pending'`, `o."nextAttemptAt" <= ${param("timestamp")}`];
  const params: unknown[] = [sqlDate(opts.now)];
  if (busy.length > 0) {
    where.push(`o."mailboxId" NOT IN (${inList(busy.length)})`);
    params.push(...busy);
  }
  if (opts.kinds) {
    where.push(opts.kinds.length > 0 ? `o."kind" IN (${inList(opts.kinds.length)})` : "1 = 0");
    params.push(...opts.kinds);
  }
  // Keep NOTIFYs for one mailbox in order: skip mailboxes whose delivery is in flight anywhere
  // (a pending row under a live lease), so a newer state can never overtake an older one.
  where.push(`NOT EXISTS (SELECT 1 FROM "MwiOutbox" x WHERE x."mailboxId" = o."mailboxId" AND x."status" = 'pending'
    AND x."leaseUntil" > ${param("timestamp")})`);
  params.push(sqlDate(opts.now));
  where.push(notInResyncSubBatchSql("o"));
  params.push(sqlDate(opts.now));
  if (opts.minIntervalMs) {
    // The rows wait (they are claimed by a later poll) and are coalesced into one NOTIFY.
    where.push(`NOT EXISTS (SELECT 1 FROM "MwiState" s WHERE s."mailboxId" = o."mailboxId" AND s."lastSentAt" > ${param("timestamp")})`);
    params.push(sqlDate(new Date(opts.now.getTime() - opts.minIntervalMs)));
  }
  const rows = await claimRows<ClaimedOutboxRow>({
    table: "MwiOutbox", where, params, orderBy: `o."nextAttemptAt", o."createdAt"`, limit: opts.limit,
    workerId: opts.workerId, now: opts.now, leaseUntil: new Date(opts.now.getTime() + opts.leaseMs),
    returning: Object.keys(claimedRowSelect), dates: CLAIMED_ROW_DATES, serialize: true,
  });
  return rows.sort((a, b) => a.stateVersion - b.stateVersion || a.createdAt.getTime() - b.createdAt.getTime());
}

/** Extends the lease of a row this worker holds (a delivery trying many slow gateways). */
export async function renewOutboxLease(id: string, workerId: string, leaseUntil: Date): Promise<boolean> {
  const r = await db.mwiOutbox.updateMany({ where: { id, status: "pending", claimedBy: workerId }, data: { leaseUntil } });
  return r.count === 1;
}

export interface CoalescedRows {
  ids: string[];
  kinds: string[];
}

/**
 * Only the newest state matters (DESIGN "Coalescing"): every other pending row of the mailbox —
 * ones this worker claimed alongside `carrierId` and ones waiting for a retry — is marked
 * superseded, because the carrier's delivery sends the state current at delivery time, which
 * includes theirs (the web writes state and outbox row in one transaction). Rows under another
 * worker's live lease are left alone. Returns the superseded rows' kinds so a "final-off" among
 * them is not lost.
 */
export async function supersedeOtherPendingRows(
  mailboxId: string, carrierId: string, workerId: string, now: Date,
): Promise<CoalescedRows> {
  const marker = `superseded by ${carrierId}`;
  const r = await db.mwiOutbox.updateMany({
    where: {
      mailboxId, status: "pending", id: { not: carrierId },
      OR: [{ claimedBy: workerId }, { claimedBy: null }, { leaseUntil: null }, { leaseUntil: { lt: now } }],
    },
    data: { status: "superseded", lastError: marker, completedAt: now, claimedBy: null, leaseUntil: null },
  });
  if (r.count === 0) return { ids: [], kinds: [] };
  // The marker names the carrier, so this reads back exactly the rows just superseded.
  const rows = await db.mwiOutbox.findMany({
    where: { mailboxId, status: "superseded", lastError: marker }, select: { id: true, kind: true },
  });
  return { ids: rows.map((x) => x.id), kinds: rows.map((x) => x.kind) };
}

const deliveryContextInclude = {
  policy: { select: { id: true, name: true, allowMessageWaitingIndicator: true, dialPlanId: true } },
  dialPlan: true,
  mwiState: true,
} satisfies Prisma.UmMailboxInclude;

type MailboxWithContext = Prisma.UmMailboxGetPayload<{ include: typeof deliveryContextInclude }>;
type GatewayRow = Prisma.UmIpGatewayGetPayload<object>;
type DialPlanRow = Prisma.UmDialPlanGetPayload<object>;
type MwiStateRow = Prisma.MwiStateGetPayload<object>;

export interface DeliveryContext {
  mailbox: Omit<MailboxWithContext, "policy" | "dialPlan" | "mwiState">;
  policy: MailboxWithContext["policy"];
  dialPlan: DialPlanRow | null;
  /** The dial plan's gateways in `gatewayOrder`, the order deliveries try them. */
  gateways: GatewayRow[];
  state: MwiStateRow | null;
}

/** Everything one delivery decides on, read fresh (the current state, not the row's version). */
export async function loadDeliveryContext(mailboxId: string): Promise<DeliveryContext | null> {
  const found = await db.umMailbox.findUnique({ where: { id: mailboxId }, include: deliveryContextInclude });
  if (!found) return null;
  const { policy, dialPlan: ownDialPlan, mwiState, ...mailbox } = found;
  // The mailbox row keeps its primary dial plan (the policy's); fall back to the policy's link.
  const dialPlanId = ownDialPlan?.id ?? policy?.dialPlanId ?? null;
  const [dialPlan, links] = await Promise.all([
    ownDialPlan ?? (dialPlanId ? db.umDialPlan.findUnique({ where: { id: dialPlanId } }) : null),
    dialPlanId
      ? db.umIpGatewayDialPlan.findMany({ where: { dialPlanId }, orderBy: { gatewayOrder: "asc" }, include: { gateway: true } })
      : [],
  ]);
  return { mailbox, policy, dialPlan, gateways: links.map((l) => l.gateway), state: mwiState };
}

export interface DeliveryAttemptRecord {
  outboxId: string | null;
  mailboxId: string;
  gatewayId: string | null;
  gatewayName: string;
  transport: string;
  /** host:port */
  target: string;
  statusCode: number | null;
  reason: string | null;
  ok: boolean;
  latencyMs: number;
  messagesWaiting: boolean;
}

/** Records one attempt (none for a mailbox removed meanwhile: see insertAttempts). */
export async function recordDeliveryAttempt(a: DeliveryAttemptRecord): Promise<void> {
  for (const st of insertAttempts([a], new Date())) await sql.run(st.text, ...st.params);
}

export interface CompleteOutboxRow {
  id: string;
  workerId: string;
  status: Exclude<OutboxStatus, "pending">;
  lastError: string | null;
  now: Date;
  attempts?: number;
  firstAttemptAt?: Date;
  /**
   * For "delivered": the state that reached the PBX, so the mailbox's deliveredVersion moves, and
   * when the periodic refresh should re-send it (a delivery is as good as a refresh).
   */
  delivered?: { mailboxId: string; version: number; stateUpdatedAt: Date; nextRefreshAt?: Date };
  /** An event for the EAC's failure list, written with the row's final status (DeliveryFailed). */
  event?: MwiEventRecord;
}

export interface MwiEventRecord {
  level: "error" | "warning" | "info";
  kind: string;
  mailboxId: string | null;
  gatewayId: string | null;
  outboxId: string | null;
  message: string;
}

/** Finishes a row this worker holds, and records which state version the PBX now shows. */
export async function completeOutboxRow(c: CompleteOutboxRow): Promise<void> {
  const ops: Prisma.PrismaPromise<unknown>[] = [
    db.mwiOutbox.updateMany({
      where: { id: c.id, claimedBy: c.workerId },
      data: {
        status: c.status, lastError: c.lastError, completedAt: c.now, claimedBy: null, leaseUntil: null,
        ...(c.attempts !== undefined ? { attempts: c.attempts } : {}),
        ...(c.firstAttemptAt ? { firstAttemptAt: c.firstAttemptAt } : {}),
      },
    }),
  ];
  if (c.delivered) {
    const { mailboxId, version, stateUpdatedAt, nextRefreshAt } = c.delivered;
    // deliveredVersion only moves forward. MwiState.updatedAt means "the lamp state changed", so
    // it is kept as is when the state is still the one delivered (@updatedAt would bump it).
    // `lte`: a refresh re-sends an already delivered version and still records when it went out.
    ops.push(
      db.mwiState.updateMany({
        where: { mailboxId, version, deliveredVersion: { lte: version } },
        data: {
          deliveredVersion: version, updatedAt: stateUpdatedAt, lastSentAt: c.now,
          ...(nextRefreshAt ? { nextRefreshAt } : {}),
        },
      }),
      // A newer state is already waiting (its own row will deliver it); the PBX still got a
      // NOTIFY now, which is what the per-lamp interval (MWI_MIN_INTERVAL_MS) counts from.
      db.mwiState.updateMany({
        where: { mailboxId, version: { gt: version }, deliveredVersion: { lt: version } },
        data: { deliveredVersion: version, lastSentAt: c.now },
      }),
    );
  }
  if (c.event) ops.push(db.mwiEvent.create({ data: { ...c.event, at: c.now } }));
  await db.$transaction(ops);
}

export interface RescheduleOutboxRow {
  id: string;
  workerId: string;
  attempts: number;
  nextAttemptAt: Date;
  firstAttemptAt: Date;
  lastError: string;
}

/** Puts a row back for a later round and releases the lease so any worker may take it then. */
export async function rescheduleOutboxRow(r: RescheduleOutboxRow): Promise<void> {
  await db.mwiOutbox.updateMany({
    where: { id: r.id, claimedBy: r.workerId, status: "pending" },
    data: {
      attempts: r.attempts, nextAttemptAt: r.nextAttemptAt, firstAttemptAt: r.firstAttemptAt,
      lastError: r.lastError, claimedBy: null, leaseUntil: null,
    },
  });
}

/** Gives a row back after an unexpected error (not a delivery failure), to be retried later. */
export async function releaseOutboxRow(id: string, workerId: string, retryAt: Date, lastError: string): Promise<void> {
  await db.mwiOutbox.updateMany({
    where: { id, claimedBy: workerId, status: "pending" },
    data: { claimedBy: null, leaseUntil: null, nextAttemptAt: retryAt, lastError },
  });
}

/** Rows still waiting for delivery (the outbox depth gauge). */
export function countPendingOutboxRows(): Promise<number> {
  return db.mwiOutbox.count({ where: { status: "pending" } });
}

// Matches no row: ids are cuids or hex, never with a space (PostgreSQL text refuses NUL).
const NO_ROW = "warm up: no such row";

/**
 * Prisma compiles each query shape on first use (tens of ms each); run every shape of the
 * delivery path once at start-up, matching no rows, so the first real change after a restart is
 * not the one that pays. Nothing is written.
 */
export async function warmUpDeliveryQueries(workerId: string): Promise<void> {
  const now = new Date();
  await claimDueOutboxRows({ workerId, now, leaseMs: 1, limit: 1, busyMailboxIds: [NO_ROW] });
  await db.mwiOutbox.findMany({ where: { mailboxId: NO_ROW, status: "superseded", lastError: NO_ROW }, select: { id: true, kind: true } });
  await supersedeOtherPendingRows(NO_ROW, NO_ROW, workerId, now);
  await loadDeliveryContext(NO_ROW);
  await db.umDialPlan.findUnique({ where: { id: NO_ROW } });
  await db.umIpGatewayDialPlan.findMany({ where: { dialPlanId: NO_ROW }, orderBy: { gatewayOrder: "asc" }, include: { gateway: true } });
  await renewOutboxLease(NO_ROW, workerId, now);
  await completeOutboxRow({
    id: NO_ROW, workerId, status: "delivered", lastError: null, now, attempts: 1, firstAttemptAt: now,
    delivered: { mailboxId: NO_ROW, version: 0, stateUpdatedAt: now },
  });
  await completeOutboxRow({ id: NO_ROW, workerId, status: "skipped", lastError: NO_ROW, now });
  await rescheduleOutboxRow({ id: NO_ROW, workerId, attempts: 1, nextAttemptAt: now, firstAttemptAt: now, lastError: NO_ROW });
  await countPendingOutboxRows();
  // Writes nothing: an attempt of a mailbox that does not exist is not recorded.
  await recordDeliveryAttempt({
    outboxId: null, mailboxId: NO_ROW, gatewayId: null, gatewayName: NO_ROW, transport: "TCP", target: NO_ROW,
    statusCode: null, reason: null, ok: false, latencyMs: 0, messagesWaiting: false,
  });
}
