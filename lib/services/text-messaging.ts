// The OWA text messaging wizard: Turn on notifications › Locale › Mobile operator › phone number
// → a six-digit passcode is texted → Passcode › Finish; then the user's notification choices.
// Passcodes are random (crypto.randomInt), stored only as a scrypt hash, expire, lock after five
// wrong tries and are limited to three per 24 hours (lib/domain/passcode-rules).
import { randomInt } from "node:crypto";
import { hashPassword, verifyPassword } from "better-auth/crypto";
import { parsePhoneNumberFromString } from "libphonenumber-js/max";
import { findMailboxByUserId } from "../data/mailboxes";
import { findMailboxPolicy } from "../data/mailbox-policies";
import { enqueueSms } from "../data/sms-outbox";
import {
  countWrongPasscode, findTextMessagingSetup, saveTextMessagingSetup, updateTextMessagingSetup,
} from "../data/text-messaging-setup";
import { transaction } from "../data/transaction";
import { findLocale, TEXT_MESSAGING_LOCALES, type TextMessagingLocale } from "../domain/mobile-operators";
import {
  canSendPasscode, PASSCODE_MAX_ATTEMPTS, PASSCODE_TTL_MS, PASSCODES_PER_DAY, passcodeUsable, recentSends,
} from "../domain/passcode-rules";
import { smsEligibility, type SmsEligibility } from "../domain/sms-eligibility";
import { AppError, ConflictError, NotFoundError, ValidationError } from "../errors";
import type { Principal } from "../auth/principal";
import { passcodeEntry, textMessagingStart, textNotificationChoices } from "../validation/text-messaging";

export interface TextMessagingDto {
  step: "off" | "passcode" | "on";
  locale: string | null;
  mobileOperator: string | null;
  phoneNumber: string | null;
  passcodeExpiresAt: string | null;
  attemptsLeft: number;
  passcodesLeftToday: number;
  nextPasscodeAt: string | null;
  voiceMailNotifications: boolean;
  missedCallNotifications: boolean;
  /** What the admin's settings allow, whatever the user chooses. */
  allowed: { voiceMail: SmsEligibility; missedCalls: SmsEligibility };
  locales: readonly TextMessagingLocale[];
}

type Setup = NonNullable<Awaited<ReturnType<typeof findTextMessagingSetup>>>;

async function ownMailbox(who: Principal) {
  const m = who.userId ? await findMailboxByUserId(who.userId) : null;
  if (!m) throw new NotFoundError("Mailbox of", who.name);
  return m;
}

function sentTimes(s: Setup | null): Date[] {
  return s ? (JSON.parse(s.passcodesSent) as string[]).map((t) => new Date(t)) : [];
}

async function toDto(m: Awaited<ReturnType<typeof ownMailbox>>, s: Setup | null): Promise<TextMessagingDto> {
  const now = new Date();
  const policy = m.umMailboxPolicyId ? await findMailboxPolicy(m.umMailboxPolicyId) : null;
  // What the admin allows: the rule as if the user had done everything on their side.
  const adminSide = { umEnabled: m.umEnabled, policy, umSmsNotificationOption: m.umSmsNotificationOption,
    setup: { verified: true, notificationsEnabled: true, voiceMailNotifications: true, missedCallNotifications: true } };
  const sends = canSendPasscode(sentTimes(s), now);
  return {
    step: !s?.phoneNumber ? "off" : s.verified ? "on" : "passcode",
    locale: s?.locale ?? null, mobileOperator: s?.mobileOperator ?? null, phoneNumber: s?.phoneNumber ?? null,
    passcodeExpiresAt: s?.passcodeHash && s.passcodeExpiresAt ? s.passcodeExpiresAt.toISOString() : null,
    attemptsLeft: s?.passcodeHash ? Math.max(0, PASSCODE_MAX_ATTEMPTS - s.passcodeAttempts) : 0,
    passcodesLeftToday: Math.max(0, PASSCODES_PER_DAY - recentSends(sentTimes(s), now).length),
    nextPasscodeAt: sends.ok ? null : sends.retryAt.toISOString(),
    voiceMailNotifications: Boolean(s?.verified && s.voiceMailNotifications),
    missedCallNotifications: Boolean(s?.verified && s.missedCallNotifications),
    allowed: { voiceMail: smsEligibility("VoiceMail", adminSide), missedCalls: smsEligibility("MissedCall", adminSide) },
    locales: TEXT_MESSAGING_LOCALES,
  };
}

export async function getTextMessaging(who: Principal): Promise<TextMessagingDto> {
  const m = await ownMailbox(who);
  return toDto(m, await findTextMessagingSetup(m.id));
}

function passcodeText(code: string) {
  return `Your Lamplighter text messaging passcode is ${code}. It expires in 15 minutes. If you didn't ask for it, ignore this message.`;
}

function tooMany(retryAt: Date): AppError {
  return new AppError(429, "Too many passcodes",
    `You've asked for ${PASSCODES_PER_DAY} passcodes in the last 24 hours. You can ask for another after ${retryAt.toISOString().replace("T", " ").slice(0, 16)} UTC.`,
    [{ field: "passcode", message: "No more passcodes can be sent today." }]);
}

/** Makes a new code, stores its hash, and queues the text — all or nothing. */
async function sendPasscode(mailboxId: string, number: string, extra: { locale?: string; mobileOperator?: string }) {
  const code = String(randomInt(0, 1_000_000)).padStart(6, "0");
  const passcodeHash = await hashPassword(code);
  const now = new Date();
  await transaction(async (tx) => {
    const current = await findTextMessagingSetup(mailboxId, tx);
    const sent = sentTimes(current);
    const allowed = canSendPasscode(sent, now);
    if (!allowed.ok) throw tooMany(allowed.retryAt);
    const saved = await saveTextMessagingSetup(mailboxId, {
      ...extra, phoneNumber: number, verified: false, verifiedAt: null, notificationsEnabled: true,
      passcodeHash, passcodeExpiresAt: new Date(now.getTime() + PASSCODE_TTL_MS), passcodeAttempts: 0,
      passcodesSent: JSON.stringify([...recentSends(sent, now), now].map((d) => d.toISOString())),
      voiceMailNotifications: current?.voiceMailNotifications ?? false, missedCallNotifications: current?.missedCallNotifications ?? false,
    }, tx);
    await enqueueSms({ mailboxId, kind: "passcode", toNumber: number, body: passcodeText(code),
      idempotencyKey: `passcode:${saved.id}:${now.getTime()}` }, tx);
  });
}

/** Next: locale, operator and number → a passcode texted to the number (stored as E.164). */
export async function startTextMessaging(input: unknown, who: Principal): Promise<TextMessagingDto> {
  const v = textMessagingStart.parse(input);
  const locale = findLocale(v.locale)!;
  if (!locale.operators.includes(v.mobileOperator)) throw ValidationError.field("mobileOperator", "Choose a mobile operator from the list.");
  const phone = parsePhoneNumberFromString(v.phoneNumber, locale.region as Parameters<typeof parsePhoneNumberFromString>[1]);
  if (!phone || !phone.isValid()) {
    throw ValidationError.field("phoneNumber", `That isn't a valid phone number for ${locale.name}. Include the country code if it's from elsewhere, e.g. +44 7911 123456.`);
  }
  const type = phone.getType();
  if (type && !["MOBILE", "FIXED_LINE_OR_MOBILE", "PERSONAL_NUMBER"].includes(type)) {
    throw ValidationError.field("phoneNumber", "That number can't receive text messages. Enter a mobile phone number.");
  }
  const m = await ownMailbox(who);
  await sendPasscode(m.id, phone.number, { locale: locale.id, mobileOperator: v.mobileOperator });
  return toDto(m, await findTextMessagingSetup(m.id));
}

/** "I didn't receive a passcode and need it sent again." */
export async function resendPasscode(who: Principal): Promise<TextMessagingDto> {
  const m = await ownMailbox(who);
  const s = await findTextMessagingSetup(m.id);
  if (!s?.phoneNumber || s.verified) throw new ConflictError("There's no phone number waiting for a passcode. Enter your number first.");
  await sendPasscode(m.id, s.phoneNumber, {});
  return toDto(m, await findTextMessagingSetup(m.id));
}

/** Passcode › Finish. */
export async function verifyPasscode(input: unknown, who: Principal): Promise<TextMessagingDto> {
  const v = passcodeEntry.parse(input);
  const m = await ownMailbox(who);
  const s = await findTextMessagingSetup(m.id);
  if (!s?.phoneNumber || s.verified) throw new ConflictError("There's no passcode to check. Enter your phone number first.");
  const state = passcodeUsable({ hasCode: Boolean(s.passcodeHash), expiresAt: s.passcodeExpiresAt, attempts: s.passcodeAttempts }, new Date());
  const wrong = (message: string) => ValidationError.field("passcode", message);
  if (state === "expired" || state === "none") throw wrong("That passcode has expired. Ask for a new one.");
  if (state === "locked") throw wrong("Too many wrong passcodes. Ask for a new one.");
  if (!(await verifyPassword({ hash: s.passcodeHash!, password: v.passcode }))) {
    const after = await transaction((tx) => countWrongPasscode(m.id, tx));
    const left = PASSCODE_MAX_ATTEMPTS - after.passcodeAttempts;
    throw wrong(left > 0 ? `That passcode isn't right. ${left} ${left === 1 ? "try" : "tries"} left.` : "Too many wrong passcodes. Ask for a new one.");
  }
  await transaction((tx) => updateTextMessagingSetup(m.id, {
    verified: true, verifiedAt: new Date(), passcodeHash: null, passcodeExpiresAt: null, passcodeAttempts: 0,
  }, tx));
  return toDto(m, await findTextMessagingSetup(m.id));
}

/** The voice-mail page's choices: text me when I get voice mail / when I miss a call. */
export async function setTextNotificationChoices(input: unknown, who: Principal): Promise<TextMessagingDto> {
  const v = textNotificationChoices.parse(input);
  const m = await ownMailbox(who);
  const s = await findTextMessagingSetup(m.id);
  if (!s?.verified) throw new ConflictError("Set up text messaging with a verified phone first.");
  await transaction((tx) => updateTextMessagingSetup(m.id, v, tx));
  return toDto(m, await findTextMessagingSetup(m.id));
}

/** Turn off notifications: the number and its verification are forgotten. */
export async function turnOffTextMessaging(who: Principal): Promise<TextMessagingDto> {
  const m = await ownMailbox(who);
  const s = await findTextMessagingSetup(m.id);
  if (s) {
    await transaction((tx) => updateTextMessagingSetup(m.id, {
      notificationsEnabled: false, phoneNumber: null, verified: false, verifiedAt: null, passcodeHash: null,
      passcodeExpiresAt: null, passcodeAttempts: 0, voiceMailNotifications: false, missedCallNotifications: false,
    }, tx));
  }
  return toDto(m, await findTextMessagingSetup(m.id));
}
