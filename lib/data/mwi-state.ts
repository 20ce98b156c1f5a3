// The web side of the MWI outbox: the mailbox's lamp state and the row that tells the sip-worker.
import { db } from "../db";
import type { MwiCounts } from "../domain/mwi-counts";
import type { Tx } from "./transaction";

export function findMwiState(mailboxId: string, tx: Tx = db) {
  return tx.mwiState.findUnique({ where: { mailboxId } });
}

/** Stores new counts (bumping the version) and enqueues one outbox row for it, in the caller's transaction. */
export async function saveMwiStateAndEnqueue(mailboxId: string, counts: MwiCounts, kind: "change" | "refresh" | "final-off", tx: Tx) {
  const state = await tx.mwiState.upsert({
    where: { mailboxId },
    create: { mailboxId, ...counts, version: 1 },
    update: { ...counts, version: { increment: 1 } },
  });
  await tx.mwiOutbox.create({ data: { mailboxId, stateVersion: state.version, kind } });
  return state;
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
