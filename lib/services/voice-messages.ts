// Voice messages and missed calls: each change recomputes the mailbox's lamp and, when the
// counts moved, writes the new state and an MWI outbox row in the same transaction. A new voice
// message or missed call also queues its notification text there, when the SMS rule allows.
import * as data from "../data/voice-messages";
import { findMwiCounts, saveMwiStateAndEnqueue } from "../data/mwi-state";
import { sqlTransaction, type Sql } from "../data/sql";
import { transaction, type Tx } from "../data/transaction";
import { countsFromTally, NO_MESSAGES, sameCounts } from "../domain/mwi-counts";
import { ConflictError, NotFoundError } from "../errors";
import type { Principal } from "../auth/principal";
import { missedCallCreate, voiceMessageCreate, voiceMessageUpdate } from "../validation/voice-messages";
import { mailboxFor, mailboxRefFor } from "./mailboxes";
import type { Page } from "./paging";
import { queueMissedCallText, queueVoiceMailText } from "./sms-notifications";

type Row = NonNullable<Awaited<ReturnType<typeof data.findVoiceMessage>>>;

export interface VoiceMessageDto {
  id: string;
  mailboxId: string;
  callerId: string;
  receivedAt: string;
  durationSeconds: number;
  urgent: boolean;
  protected: boolean;
  heard: boolean;
  preview: string | null;
}

export function toVoiceMessageDto(r: Row): VoiceMessageDto {
  return {
    id: r.id, mailboxId: r.mailboxId, callerId: r.callerId, receivedAt: r.receivedAt.toISOString(),
    durationSeconds: r.durationSeconds, urgent: r.urgent, protected: r.protected, heard: r.heard, preview: r.preview,
  };
}

/**
 * Recomputes the lamp from the messages as they now stand (inside the caller's transaction).
 * Returns whether the lamp changed, i.e. an outbox row was queued.
 */
async function recomputeMwi(mailboxId: string, tx: Sql | Tx): Promise<boolean> {
  const counts = countsFromTally(await data.tallyVoiceMessages(mailboxId, tx));
  const current = await findMwiCounts(mailboxId, tx);
  if (current && sameCounts(current, counts)) return false;
  if (!current && sameCounts(NO_MESSAGES, counts)) return false;
  await saveMwiStateAndEnqueue(mailboxId, counts, "change", tx);
  return true;
}

export async function listVoiceMessages(idOrAlias: string, who: Principal, page = 1, pageSize = 50): Promise<Page<VoiceMessageDto>> {
  const mailbox = await mailboxFor(idOrAlias, who);
  const [rows, total] = await data.listVoiceMessages(mailbox.id, { skip: (page - 1) * pageSize, take: pageSize });
  return { items: rows.map(toVoiceMessageDto), total, page, pageSize };
}

export async function postVoiceMessage(idOrAlias: string, input: unknown, who: Principal): Promise<VoiceMessageDto> {
  const v = voiceMessageCreate.parse(input);
  const mailbox = await mailboxRefFor(idOrAlias, who);
  if (!mailbox.umEnabled) throw new ConflictError(`Mailbox "${mailbox.alias}" is not enabled for Unified Messaging.`);
  // Plain SQL only (sqlTransaction): a voice-mail platform posts every message, and this is the
  // write that lights the lamp.
  const msg = await sqlTransaction(async (tx) => {
    const msg = await data.createVoiceMessage({
      mailboxId: mailbox.id, callerId: v.callerId, durationSeconds: v.durationSeconds, urgent: v.urgent,
      protected: v.protected, preview: v.preview ?? null, ...(v.receivedAt ? { receivedAt: new Date(v.receivedAt) } : {}),
    }, tx);
    await recomputeMwi(mailbox.id, tx);
    // Same transaction: the text exists exactly when the voice message does.
    await queueVoiceMailText(mailbox.id, msg, tx);
    return msg;
  });
  return toVoiceMessageDto(msg);
}

async function ownedVoiceMessage(id: string, who: Principal, tx: Tx) {
  const msg = await data.findVoiceMessage(id, tx);
  if (!msg) throw new NotFoundError("Voice message", id);
  await mailboxFor(msg.mailboxId, who, tx);
  return msg;
}

export async function updateVoiceMessage(id: string, input: unknown, who: Principal): Promise<VoiceMessageDto> {
  const v = voiceMessageUpdate.parse(input);
  const after = await transaction(async (tx) => {
    const msg = await ownedVoiceMessage(id, who, tx);
    const after = await data.updateVoiceMessage(id, { heard: v.heard }, tx);
    await recomputeMwi(msg.mailboxId, tx);
    return after;
  });
  return toVoiceMessageDto(after);
}

export async function deleteVoiceMessage(id: string, who: Principal): Promise<void> {
  await transaction(async (tx) => {
    const msg = await ownedVoiceMessage(id, who, tx);
    await data.deleteVoiceMessage(id, tx);
    await recomputeMwi(msg.mailboxId, tx);
  });
}

export async function postMissedCall(idOrAlias: string, input: unknown, who: Principal) {
  const v = missedCallCreate.parse(input);
  const mailbox = await mailboxFor(idOrAlias, who);
  if (!mailbox.umEnabled) throw new ConflictError(`Mailbox "${mailbox.alias}" is not enabled for Unified Messaging.`);
  const r = await transaction(async (tx) => {
    const call = await data.createMissedCall({
      mailboxId: mailbox.id, callerId: v.callerId, ...(v.occurredAt ? { occurredAt: new Date(v.occurredAt) } : {}),
    }, tx);
    await queueMissedCallText(mailbox.id, call, tx);
    return call;
  });
  return { id: r.id, mailboxId: r.mailboxId, callerId: r.callerId, occurredAt: r.occurredAt.toISOString() };
}
