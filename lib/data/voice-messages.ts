import type { Prisma } from "../generated/sqlite/client";
import { db } from "../db";
import type { VoiceMessageTally } from "../domain/mwi-counts";
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

export function createVoiceMessage(data: Prisma.VoiceMessageUncheckedCreateInput, tx: Tx) {
  return tx.voiceMessage.create({ data });
}

export function updateVoiceMessage(id: string, data: Prisma.VoiceMessageUncheckedUpdateInput, tx: Tx) {
  return tx.voiceMessage.update({ where: { id }, data });
}

export function deleteVoiceMessage(id: string, tx: Tx) {
  return tx.voiceMessage.delete({ where: { id } });
}

export async function tallyVoiceMessages(mailboxId: string, tx: Tx): Promise<VoiceMessageTally[]> {
  const rows = await tx.voiceMessage.groupBy({
    by: ["heard", "urgent"], where: { mailboxId }, _count: { _all: true },
  });
  return rows.map((r) => ({ heard: r.heard, urgent: r.urgent, count: r._count._all }));
}

export function createMissedCall(data: Prisma.MissedCallUncheckedCreateInput, tx: Tx) {
  return tx.missedCall.create({ data });
}
