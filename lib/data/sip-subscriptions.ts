// message-summary subscriptions (RFC 6665 dialogs) of the sip-worker, kept in SipSubscription so
// they survive a restart and any worker instance can send their NOTIFYs. As in mwi-delivery.ts,
// every write is a single guarded statement (no read-then-write transaction): a NOTIFY's CSeq is
// claimed with an update that only succeeds if nobody took that CSeq first, and an expired
// subscription is claimed by the worker whose delete removed it.
import type { Prisma } from "../generated/sqlite/client";
import { db } from "../db";

const mailboxSelect = {
  id: true,
  umEnabled: true,
  extension: true,
  e164Number: true,
  sipResourceIdentifier: true,
  policy: { select: { name: true, allowMessageWaitingIndicator: true } },
  dialPlan: { select: { name: true } },
  mwiState: true,
} satisfies Prisma.UmMailboxSelect;

export type SubscribableMailbox = Prisma.UmMailboxGetPayload<{ select: typeof mailboxSelect }>;
export type SipSubscriptionRow = Prisma.SipSubscriptionGetPayload<object>;

/**
 * Mailboxes a SUBSCRIBE's Request-URI (user@host) can name (DESIGN "SIP wire format"): the
 * primary extension (TelExtn dial plans), the E.164 number (E164), or the SIP resource identifier
 * (SipName, stored with or without its "sip:" scheme). At most two are returned, so the caller
 * can tell "one" from "ambiguous" (the same extension on two dial plans).
 */
export function findMailboxesForSubscription(user: string, host: string): Promise<SubscribableMailbox[]> {
  const sipName = `${user}@${host}`;
  return db.umMailbox.findMany({
    where: {
      OR: [
        { extension: user },
        { e164Number: user },
        { sipResourceIdentifier: { in: [sipName, `sip:${sipName}`, `sips:${sipName}`] } },
      ],
    },
    select: mailboxSelect,
    take: 2,
  });
}

/** The mailbox a subscription is about, as a NOTIFY needs it (fresh: policy may have changed). */
export function findSubscribedMailbox(mailboxId: string): Promise<SubscribableMailbox | null> {
  return db.umMailbox.findUnique({ where: { id: mailboxId }, select: mailboxSelect });
}

export type NewSipSubscription = Omit<SipSubscriptionRow, "id" | "createdAt">;

export function createSipSubscription(data: NewSipSubscription): Promise<SipSubscriptionRow> {
  return db.sipSubscription.create({ data });
}

/** RFC 3261 §12.2.2: an in-dialog request is matched by Call-ID and our (To) tag. */
export function findSipSubscriptionByDialog(callId: string, localTag: string): Promise<SipSubscriptionRow | null> {
  return db.sipSubscription.findUnique({ where: { callId_localTag: { callId, localTag } } });
}

export function findSipSubscription(id: string): Promise<SipSubscriptionRow | null> {
  return db.sipSubscription.findUnique({ where: { id } });
}

/** A refresh (RFC 6665 §4.1.2.2): new expiry, the subscriber's CSeq and possibly a new Contact. */
export async function refreshSipSubscription(
  id: string, r: { remoteCseq: number; expiresSeconds: number; expiresAt: Date; remoteTarget: string },
): Promise<boolean> {
  const updated = await db.sipSubscription.updateMany({ where: { id, remoteCseq: { lt: r.remoteCseq } }, data: r });
  return updated.count === 1;
}

/** Deletes a subscription; true only for the caller whose delete removed it. */
export async function deleteSipSubscription(id: string, onlyIfExpiredBy?: Date): Promise<boolean> {
  const r = await db.sipSubscription.deleteMany({
    where: { id, ...(onlyIfExpiredBy ? { expiresAt: { lte: onlyIfExpiredBy } } : {}) },
  });
  return r.count === 1;
}

/**
 * Takes the next CSeq of our side of the dialog for a NOTIFY carrying `version`. Succeeds only if
 * `localCseq` is still what the caller read, so two senders never use one CSeq and CSeqs grow
 * strictly (RFC 3261 §12.2.1.1).
 */
export async function claimNotifyCseq(id: string, readCseq: number, version: number): Promise<boolean> {
  const r = await db.sipSubscription.updateMany({
    where: { id, localCseq: readCseq },
    data: { localCseq: readCseq + 1, lastNotifiedVersion: version },
  });
  return r.count === 1;
}

/** After a NOTIFY the subscriber asked us to repeat later (Retry-After): make the loop see it again. */
export async function forgetNotifiedVersion(id: string, version: number): Promise<void> {
  await db.sipSubscription.updateMany({ where: { id, lastNotifiedVersion: version }, data: { lastNotifiedVersion: -1 } });
}

/**
 * Live subscriptions whose mailbox's lamp state moved past what they were last told. One join on
 * indexed columns (SipSubscription.mailboxId, MwiState's primary key); the comparison of two
 * columns is why this is raw SQL (portable: quoted identifiers work in SQLite and PostgreSQL).
 */
export async function findSubscriptionsWithNewState(limit: number): Promise<string[]> {
  // Expired rows may be listed too; the notifier skips them and the expiry pass ends them.
  const rows = await db.$queryRaw<{ id: string }[]>`
    SELECT s."id" AS id FROM "SipSubscription" s
    JOIN "MwiState" m ON m."mailboxId" = s."mailboxId"
    WHERE m."version" > s."lastNotifiedVersion"
    LIMIT ${limit}`;
  return rows.map((r) => r.id);
}

/** Subscriptions that ran out unrefreshed (RFC 6665 §4.2.2: the notifier ends them). */
export async function findExpiredSipSubscriptions(now: Date, limit: number): Promise<SipSubscriptionRow[]> {
  return db.sipSubscription.findMany({ where: { expiresAt: { lte: now } }, orderBy: { expiresAt: "asc" }, take: limit });
}
