// The web side of the SMS outbox: texts are written here (in the caller's transaction) and the
// sip-worker process delivers them. The idempotency key makes "exactly one text per event" hold
// even when a request is retried: a second insert with the same key is ignored.
import { db } from "../db";
import { newRowId, sqlDate, sqlFor } from "./bulk-sql";
import { asSql, type Sql } from "./sql";
import type { Tx } from "./transaction";

export type SmsKind = "voicemail" | "missedcall" | "passcode";

export interface NewSms {
  mailboxId: string;
  kind: SmsKind;
  toNumber: string; // E.164
  body: string;
  idempotencyKey: string;
}

/**
 * Queues a text unless one with the same idempotency key exists; returns whether it was queued.
 * One plain statement (it runs for every voice message posted; see voice-messages.ts), in the
 * forms Prisma writes (bulk-sql.ts); the unique key decides, so a concurrent retry can't queue twice.
 */
export async function enqueueSms(sms: NewSms, tx: Sql | Tx): Promise<boolean> {
  const now = sqlDate(new Date());
  const added = await asSql(tx).run(sqlFor(
    `INSERT INTO "SmsOutbox" ("id", "mailboxId", "kind", "toNumber", "body", "idempotencyKey", "status", "attempts", "nextAttemptAt", "createdAt")
     VALUES (?, ?, ?, ?, ?, ?, 'queued', 0, ?, ?)
     ON CONFLICT ("idempotencyKey") DO NOTHING`),
    newRowId(), sms.mailboxId, sms.kind, sms.toNumber, sms.body, sms.idempotencyKey, now, now,
  );
  return added === 1;
}

/** A mailbox's texts, newest first (the OWA test phone inbox, the EAC text message log). */
export function listSmsForMailbox(mailboxId: string, take = 50) {
  return db.smsOutbox.findMany({ where: { mailboxId }, orderBy: { createdAt: "desc" }, take });
}

export function listSmsLog(opts: { mailboxId?: string; skip: number; take: number }) {
  const where = opts.mailboxId ? { mailboxId: opts.mailboxId } : {};
  return db.$transaction([
    db.smsOutbox.findMany({ where, orderBy: { createdAt: "desc" }, skip: opts.skip, take: opts.take, include: { mailbox: { select: { displayName: true } } } }),
    db.smsOutbox.count({ where }),
  ]);
}
