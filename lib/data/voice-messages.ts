// Voice messages and missed calls. The statements of the voice-message write (the REST API's hot
// path: a voice-mail platform posts every message, issue #4 asks for 200/s) are plain SQL, run in
// a Prisma transaction or a `sqlTransaction` (sql.ts, no Prisma per-query cost on SQLite): through
// this Prisma setup (query compiler + driver adapter) a model query costs ~0.7–1 ms of CPU, a raw
// statement ~0.3 ms. Values are written in the forms Prisma itself writes (lib/data/bulk-sql.ts),
// so Prisma reads the rows back unchanged; `sqlFor` makes the SQL right for either database.
import type { Prisma, VoiceMessage } from "../generated/sqlite/client";
import { db } from "../db";
import type { VoiceMessageTally } from "../domain/mwi-counts";
import { newRowId, sqlBool, sqlDate, sqlFor } from "./bulk-sql";
import { asSql, type Sql } from "./sql";
import type { Tx } from "./transaction";

export function listVoiceMessages(mailboxId: string, opts: { skip: number; take: number }) {
  return db.$transaction([
    db.voiceMessage.findMany({ where: { mailboxId }, orderBy: { receivedAt: "desc" }, skip: opts.skip, take: opts.take }),
    db.voiceMessage.count({ where: { mailboxId } }),
  ]);
}

export function findVoiceMessage(id: string, tx: Tx = db) {
  return tx.voiceMessage.findUnique({ where: { id } });
}

export interface NewVoiceMessage {
  mailboxId: string;
  callerId: string;
  durationSeconds: number;
  urgent: boolean;
  protected: boolean;
  preview: string | null;
  /** Defaults to now. */
  receivedAt?: Date;
}

/** Inserts a new (unheard) voice message in the caller's transaction; returns the row as stored. */
export async function createVoiceMessage(m: NewVoiceMessage, tx: Sql | Tx): Promise<VoiceMessage> {
  const row: VoiceMessage = {
    id: newRowId(), mailboxId: m.mailboxId, callerId: m.callerId, receivedAt: m.receivedAt ?? new Date(),
    durationSeconds: m.durationSeconds, urgent: m.urgent, protected: m.protected, heard: false, preview: m.preview,
  };
  await asSql(tx).run(sqlFor(
    `INSERT INTO "VoiceMessage" ("id", "mailboxId", "callerId", "receivedAt", "durationSeconds", "urgent", "protected", "heard", "preview")
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`),
    row.id, row.mailboxId, row.callerId, sqlDate(row.receivedAt), row.durationSeconds,
    sqlBool(row.urgent), sqlBool(row.protected), sqlBool(row.heard), row.preview,
  );
  return row;
}

export function updateVoiceMessage(id: string, data: Prisma.VoiceMessageUncheckedUpdateInput, tx: Tx) {
  return tx.voiceMessage.update({ where: { id }, data });
}

export function deleteVoiceMessage(id: string, tx: Tx) {
  return tx.voiceMessage.delete({ where: { id } });
}

export async function tallyVoiceMessages(mailboxId: string, tx: Sql | Tx): Promise<VoiceMessageTally[]> {
  const rows = await asSql(tx).query<{ heard: boolean | number; urgent: boolean | number; n: bigint | number }>(sqlFor(
    `SELECT "heard", "urgent", COUNT(*) AS "n" FROM "VoiceMessage" WHERE "mailboxId" = ? GROUP BY "heard", "urgent"`),
    mailboxId,
  );
  return rows.map((r) => ({ heard: Boolean(r.heard), urgent: Boolean(r.urgent), count: Number(r.n) }));
}

export function createMissedCall(data: Prisma.MissedCallUncheckedCreateInput, tx: Tx) {
  return tx.missedCall.create({ data });
}
