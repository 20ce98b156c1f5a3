// The sip-worker's side of the SMS outbox: claim due texts under a lease, mark each "sending"
// before the provider is called, then record sent / delivered / failed, or put it back for a
// retry; and apply delivery receipts by provider message id.
//
// Status per text: queued → sending → sent → delivered | failed (or queued again for a retry).
// "sending" is written (with attempts + 1) BEFORE the provider call and only left by recording
// the provider's answer, so a row found in "sending" with a lapsed lease is exactly a text whose
// outcome a crashed worker never recorded. Like mwi-delivery.ts, each function is one statement
// or a batch, guarded by claimedBy / status in the WHERE (no read-then-write transactions, which
// SQLite would fail with SQLITE_BUSY_SNAPSHOT whenever the web commits in between).
import type { Prisma } from "../generated/sqlite/client";
import { db } from "../db";
import { param, sqlDate } from "./bulk-sql";
import { claimRows, inList } from "./claim-rows";

export type SmsStatus = "queued" | "sending" | "sent" | "delivered" | "failed";

const claimedSmsSelect = {
  id: true,
  mailboxId: true,
  kind: true,
  toNumber: true,
  body: true,
  idempotencyKey: true,
  status: true,
  attempts: true,
  createdAt: true,
} satisfies Prisma.SmsOutboxSelect;

export type ClaimedSms = Prisma.SmsOutboxGetPayload<{ select: typeof claimedSmsSelect }>;


export interface SmsClaimOptions {
  workerId: string;
  now: Date;
  leaseMs: number;
  limit: number;
  busyMailboxIds?: readonly string[];
}

/**
 * Claims up to `limit` due texts: queued ones whose time has come, and "sending" ones whose
 * worker died (their lease lapsed). Same two-step portable claim as the MWI outbox.
 */
export async function claimDueSms(opts: SmsClaimOptions): Promise<ClaimedSms[]> {
  const { workerId, now } = opts;
  const busy = opts.busyMailboxIds ?? [];
  // One statement under the same lease as the MWI outbox (claim-rows.ts; FOR UPDATE SKIP LOCKED
  // on PostgreSQL).
  const where = [`o."status" IN ('queued', 'sending')`, `o."nextAttemptAt" <= ${param("timestamp")}`];
  const params: unknown[] = [sqlDate(now)];
  if (busy.length > 0) {
    where.push(`o."mailboxId" NOT IN (${inList(busy.length)})`);
    params.push(...busy);
  }
  const rows = await claimRows<ClaimedSms>({
    table: "SmsOutbox", where, params, orderBy: `o."nextAttemptAt", o."createdAt"`, limit: opts.limit,
    workerId, now, leaseUntil: new Date(now.getTime() + opts.leaseMs), returning: Object.keys(claimedSmsSelect), dates: ["createdAt"],
  });
  return rows.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
}

/**
 * The write-ahead mark: this worker is about to hand the text to the provider. False when the
 * row is no longer this worker's (its lease lapsed and another worker took it): do not send.
 */
export async function markSmsSending(id: string, workerId: string, attempts: number, leaseUntil: Date): Promise<boolean> {
  const r = await db.smsOutbox.updateMany({
    where: { id, claimedBy: workerId, status: { in: ["queued", "sending"] } },
    // A fresh lease for the send itself: rows wait in the claim for the mailbox's earlier texts.
    data: { status: "sending", attempts, leaseUntil },
  });
  return r.count === 1;
}

/** The provider took the text (or, for the outbox provider, it is delivered already). */
export async function markSmsSent(id: string, workerId: string, status: "sent" | "delivered", providerMessageId: string, now: Date): Promise<void> {
  await db.smsOutbox.updateMany({
    where: { id, claimedBy: workerId, status: "sending" },
    data: { status, providerMessageId, sentAt: now, reason: null, claimedBy: null, leaseUntil: null },
  });
}

/** A retryable failure inside the retry window: back to queued, due at `nextAttemptAt`. */
export async function rescheduleSms(id: string, workerId: string, nextAttemptAt: Date, reason: string): Promise<void> {
  await db.smsOutbox.updateMany({
    where: { id, claimedBy: workerId, status: "sending" },
    data: { status: "queued", nextAttemptAt, reason, claimedBy: null, leaseUntil: null },
  });
}

/** Failed for good: a permanent rejection, or the retry window ran out. */
export async function failSms(id: string, workerId: string, reason: string): Promise<void> {
  await db.smsOutbox.updateMany({
    where: { id, claimedBy: workerId, status: { in: ["queued", "sending"] } },
    data: { status: "failed", reason, claimedBy: null, leaseUntil: null },
  });
}

/** Gives a claimed row back untouched after an unexpected error (not a provider answer). */
export async function releaseSms(id: string, workerId: string, retryAt: Date, reason: string): Promise<void> {
  await db.smsOutbox.updateMany({
    where: { id, claimedBy: workerId, status: { in: ["queued", "sending"] } },
    data: { nextAttemptAt: retryAt, reason, claimedBy: null, leaseUntil: null },
  });
}

/**
 * A delivery receipt: sent → delivered | failed. Returns the kinds of the texts changed (for
 * metrics); none when the receipt came before the worker recorded "sent" (the caller keeps it
 * and applies it after) or is not ours.
 */
export async function applySmsReceipt(providerMessageId: string, delivered: boolean, reason: string | null): Promise<string[]> {
  const where = { providerMessageId, status: "sent" };
  const rows = await db.smsOutbox.findMany({ where, select: { kind: true } });
  if (rows.length === 0) return [];
  await db.smsOutbox.updateMany({
    where, data: delivered ? { status: "delivered" } : { status: "failed", reason: reason ?? "undelivered" },
  });
  return rows.map((r) => r.kind);
}

/** Texts not yet handed to a provider (the SMS outbox depth gauge). */
export function countUnsentSms(): Promise<number> {
  return db.smsOutbox.count({ where: { status: { in: ["queued", "sending"] } } });
}
