import type { Prisma } from "../generated/sqlite/client";
import { db } from "../db";
import type { Tx } from "./transaction";

export function findTextMessagingSetup(mailboxId: string, tx: Tx = db) {
  return tx.textMessagingSetup.findUnique({ where: { mailboxId } });
}

export function saveTextMessagingSetup(mailboxId: string, data: Omit<Prisma.TextMessagingSetupUncheckedCreateInput, "mailboxId">, tx: Tx) {
  return tx.textMessagingSetup.upsert({ where: { mailboxId }, create: { mailboxId, ...data }, update: data });
}

export function updateTextMessagingSetup(mailboxId: string, data: Prisma.TextMessagingSetupUncheckedUpdateInput, tx: Tx) {
  return tx.textMessagingSetup.update({ where: { mailboxId }, data });
}

/** Counts a wrong passcode atomically (two tabs can't both get the fifth try). */
export function countWrongPasscode(mailboxId: string, tx: Tx) {
  return tx.textMessagingSetup.update({ where: { mailboxId }, data: { passcodeAttempts: { increment: 1 } } });
}
