// The web side of the MWI outbox: the mailbox's lamp state and the row that tells the sip-worker.
// The lamp write runs for every voice message the REST API takes, so it is plain SQL (why: see
// lib/data/voice-messages.ts), in Prisma's value forms and for either database.
import { db } from "../db";
import type { MwiCounts } from "../domain/mwi-counts";
import { newRowId, sqlBool, sqlDate, sqlFor } from "./bulk-sql";
import { asSql, type Sql } from "./sql";
import type { Tx } from "./transaction";

export function findMwiState(mailboxId: string, tx: Tx = db) {
  return tx.mwiState.findUnique({ where: { mailboxId } });
}

/** The lamp counts as stored, or null when the mailbox has no state yet. */
export async function findMwiCounts(mailboxId: string, tx: Sql | Tx): Promise<MwiCounts | null> {
  const rows = await asSql(tx).query<MwiCounts>(sqlFor(
    `SELECT "messagesWaiting", "newCount", "oldCount", "newUrgentCount", "oldUrgentCount" FROM "MwiState" WHERE "mailboxId" = ?`),
    mailboxId,
  );
  const r = rows[0];
  if (!r) return null;
  return {
    messagesWaiting: Boolean(r.messagesWaiting), newCount: Number(r.newCount), oldCount: Number(r.oldCount),
    newUrgentCount: Number(r.newUrgentCount), oldUrgentCount: Number(r.oldUrgentCount),
  };
}

/**
 * Stores new counts (bumping the version; a new state starts at 1) and enqueues one outbox row
 * for that version, in the caller's transaction. Returns the new version.
 */
export async function saveMwiStateAndEnqueue(
  mailboxId: string, counts: MwiCounts, kind: "change" | "refresh" | "final-off", tx: Sql | Tx,
): Promise<number> {
  const now = sqlDate(new Date());
  const saved = await asSql(tx).query<{ version: number | bigint }>(sqlFor(
    `INSERT INTO "MwiState" ("mailboxId", "messagesWaiting", "newCount", "oldCount", "newUrgentCount", "oldUrgentCount", "version", "updatedAt")
     VALUES (?, ?, ?, ?, ?, ?, 1, ?)
     ON CONFLICT ("mailboxId") DO UPDATE SET "messagesWaiting" = excluded."messagesWaiting", "newCount" = excluded."newCount",
       "oldCount" = excluded."oldCount", "newUrgentCount" = excluded."newUrgentCount", "oldUrgentCount" = excluded."oldUrgentCount",
       "version" = "MwiState"."version" + 1, "updatedAt" = excluded."updatedAt"
     RETURNING "version"`),
    mailboxId, sqlBool(counts.messagesWaiting), counts.newCount, counts.oldCount, counts.newUrgentCount, counts.oldUrgentCount, now,
  );
  const version = Number(saved[0].version);
  await asSql(tx).run(sqlFor(
    `INSERT INTO "MwiOutbox" ("id", "mailboxId", "stateVersion", "kind", "status", "attempts", "nextAttemptAt", "createdAt")
     VALUES (?, ?, ?, ?, 'pending', 0, ?, ?)`),
    newRowId(), mailboxId, version, kind, now, now,
  );
  return version;
}

export function enqueueMwi(mailboxId: string, stateVersion: number, kind: "change" | "refresh" | "final-off", tx: Tx) {
  return tx.mwiOutbox.create({ data: { mailboxId, stateVersion, kind } });
}

export function lastDeliveryAttempt(mailboxId: string) {
  return db.deliveryAttempt.findFirst({ where: { mailboxId }, orderBy: { createdAt: "desc" } });
}

export function latestOutboxRow(mailboxId: string) {
  return db.mwiOutbox.findFirst({ where: { mailboxId }, orderBy: { createdAt: "desc" } });
}
