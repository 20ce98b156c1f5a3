// Text-message notifications for voice mail and missed calls: the rule (lib/domain/sms-eligibility)
// decides, the composer (lib/domain/sms-text) writes the words, and one SmsOutbox row is queued
// in the caller's transaction — so a voice message that is rolled back never texts, and the
// idempotency key (one per event) makes a retried request queue nothing twice. The sip-worker
// delivers the row.
import { findSmsNotificationContext, type SmsNotificationContext } from "../data/sms-notification-context";
import { enqueueSms } from "../data/sms-outbox";
import type { Sql } from "../data/sql";
import type { Tx } from "../data/transaction";
import { smsEligibility, type SmsKind } from "../domain/sms-eligibility";
import { composeMissedCallText, composeVoiceMailText } from "../domain/sms-text";

export type SmsQueueOutcome =
  | { queued: true; idempotencyKey: string }
  | { queued: false; reason: string; idempotencyKey: string };

export interface VoiceMessageForText {
  id: string;
  callerId: string;
  receivedAt: Date;
  preview: string | null;
  protected: boolean;
  urgent: boolean;
}

export interface MissedCallForText {
  id: string;
  callerId: string;
  occurredAt: Date;
}

type Decision = { allowed: true; phone: string } | { allowed: false; reason: string };

function decide(kind: SmsKind, ctx: SmsNotificationContext | null): Decision {
  if (!ctx) return { allowed: false, reason: "UmDisabled" };
  const verdict = smsEligibility(kind, {
    umEnabled: ctx.umEnabled, policy: ctx.policy, umSmsNotificationOption: ctx.umSmsNotificationOption, setup: ctx.textSetup,
  });
  if (!verdict.allowed) return { allowed: false, reason: verdict.reason };
  // A verified setup always has a number; the check keeps a half-written row from queueing junk.
  if (!ctx.textSetup?.phoneNumber) return { allowed: false, reason: "NoVerifiedPhone" };
  return { allowed: true, phone: ctx.textSetup.phoneNumber };
}

export async function queueVoiceMailText(mailboxId: string, message: VoiceMessageForText, tx: Sql | Tx): Promise<SmsQueueOutcome> {
  const idempotencyKey = `voicemail:${message.id}`;
  const ctx = await findSmsNotificationContext(mailboxId, tx);
  const verdict = decide("VoiceMail", ctx);
  if (!verdict.allowed) return { queued: false, reason: verdict.reason, idempotencyKey };
  const body = composeVoiceMailText({
    callerId: message.callerId, receivedAt: message.receivedAt, preview: message.preview,
    protected: message.protected, urgent: message.urgent, allowPreview: ctx?.policy?.allowVoiceMailPreview ?? false,
  });
  const queued = await enqueueSms({ mailboxId, kind: "voicemail", toNumber: verdict.phone, body, idempotencyKey }, tx);
  return queued ? { queued: true, idempotencyKey } : { queued: false, reason: "AlreadyQueued", idempotencyKey };
}

export async function queueMissedCallText(mailboxId: string, call: MissedCallForText, tx: Tx): Promise<SmsQueueOutcome> {
  const idempotencyKey = `missedcall:${call.id}`;
  const ctx = await findSmsNotificationContext(mailboxId, tx);
  const verdict = decide("MissedCall", ctx);
  if (!verdict.allowed) return { queued: false, reason: verdict.reason, idempotencyKey };
  const body = composeMissedCallText({ callerId: call.callerId, occurredAt: call.occurredAt });
  const queued = await enqueueSms({ mailboxId, kind: "missedcall", toNumber: verdict.phone, body, idempotencyKey }, tx);
  return queued ? { queued: true, idempotencyKey } : { queued: false, reason: "AlreadyQueued", idempotencyKey };
}
