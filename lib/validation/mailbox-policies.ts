// New-UMMailboxPolicy / Set-UMMailboxPolicy parameters, with Exchange's ranges and defaults.
import { z } from "zod";
import { id, name64 } from "./common";

export const PROTECTION = ["None", "Private", "All"] as const;
export const UNLIMITED = "Unlimited" as const;

const intIn = (label: string, min: number, max: number) =>
  z.number({ error: `${label} must be a whole number from ${min} to ${max}.` }).int(`${label} must be a whole number from ${min} to ${max}.`)
    .min(min, `${label} must be from ${min} to ${max}.`).max(max, `${label} must be from ${min} to ${max}.`);

/** A number in range, or "Unlimited" (Exchange's Unlimited<EnhancedTimeSpan>/Unlimited<int>). */
const intOrUnlimited = (label: string, min: number, max: number) =>
  z.union([z.literal(UNLIMITED), intIn(label, min, max)], { error: `${label} must be a number from ${min} to ${max} or "Unlimited".` });

const text = (label: string) => z.string().max(512, `${label} can be at most 512 characters.`).nullable();
const groups = z.array(z.string().trim().min(1).max(64)).max(100);

export const mailboxPolicyFields = {
  name: name64,
  dialPlanId: id,
  allowMessageWaitingIndicator: z.boolean(),
  allowSmsNotification: z.boolean(),
  allowMissedCallNotifications: z.boolean(),
  allowVoiceMailPreview: z.boolean(),
  umEnabledText: text("The UM-enabled message text"),
  resetPinText: text("The PIN reset message text"),
  voiceMailText: text("The voice mail message text"),
  faxMessageText: text("The fax message text"),
  minPinLength: intIn("MinPINLength", 4, 24),
  pinLifetime: intOrUnlimited("PINLifetime", 1, 999),
  pinHistoryCount: intIn("PINHistoryCount", 1, 20),
  allowCommonPatterns: z.boolean(),
  logonFailuresBeforePinReset: intOrUnlimited("LogonFailuresBeforePINReset", 0, 999),
  maxLogonAttempts: intIn("MaxLogonAttempts", 1, 999),
  allowDialPlanSubscribers: z.boolean(),
  allowExtensions: z.boolean(),
  allowedInCountryOrRegionGroups: groups,
  allowedInternationalGroups: groups,
  protectUnauthenticatedVoiceMail: z.enum(PROTECTION, { error: "Must be None, Private or All." }),
  protectAuthenticatedVoiceMail: z.enum(PROTECTION, { error: "Must be None, Private or All." }),
  requireProtectedPlayOnPhone: z.boolean(),
  protectedVoiceMailText: text("The protected voice mail text"),
};

export const MAILBOX_POLICY_DEFAULTS: Omit<MailboxPolicyValues, "name" | "dialPlanId"> = {
  allowMessageWaitingIndicator: true, allowSmsNotification: true, allowMissedCallNotifications: true,
  allowVoiceMailPreview: true, umEnabledText: null, resetPinText: null, voiceMailText: null, faxMessageText: null,
  minPinLength: 6, pinLifetime: 60, pinHistoryCount: 5, allowCommonPatterns: false,
  logonFailuresBeforePinReset: 5, maxLogonAttempts: 15, allowDialPlanSubscribers: true, allowExtensions: true,
  allowedInCountryOrRegionGroups: [], allowedInternationalGroups: [],
  protectUnauthenticatedVoiceMail: "None", protectAuthenticatedVoiceMail: "None", requireProtectedPlayOnPhone: false,
  protectedVoiceMailText: null,
};

type PinLogon = { logonFailuresBeforePinReset?: number | typeof UNLIMITED; maxLogonAttempts?: number };

/** Exchange: LogonFailuresBeforePINReset must be less than MaxLogonAttempts (unless Unlimited). */
export function logonFailuresProblem(v: PinLogon): string | null {
  const f = v.logonFailuresBeforePinReset, max = v.maxLogonAttempts;
  if (typeof f === "number" && typeof max === "number" && f >= max) {
    return `LogonFailuresBeforePINReset (${f}) must be less than MaxLogonAttempts (${max}).`;
  }
  return null;
}

function crossCheck(v: PinLogon, ctx: z.RefinementCtx) {
  const problem = logonFailuresProblem(v);
  if (problem) ctx.addIssue({ code: "custom", path: ["logonFailuresBeforePinReset"], message: problem });
}

export const mailboxPolicyCreate = z.object({
  name: mailboxPolicyFields.name,
  dialPlanId: mailboxPolicyFields.dialPlanId,
  ...Object.fromEntries(Object.entries(mailboxPolicyFields).filter(([k]) => k !== "name" && k !== "dialPlanId")
    .map(([k, s]) => [k, (s as z.ZodType).optional()])),
}).strict().transform((v) => ({ ...MAILBOX_POLICY_DEFAULTS, ...v }) as MailboxPolicyValues).superRefine(crossCheck);

// A policy stays with its dial plan (Exchange sets UMDialPlan only at creation).
const { dialPlanId: _dialPlanId, ...updatable } = mailboxPolicyFields;
export const mailboxPolicyUpdate = z.object(updatable).partial().strict().superRefine(crossCheck);

export type MailboxPolicyValues = { [K in keyof typeof mailboxPolicyFields]: z.infer<(typeof mailboxPolicyFields)[K]> };
export type MailboxPolicyCreate = z.infer<typeof mailboxPolicyCreate>;
export type MailboxPolicyUpdate = z.infer<typeof mailboxPolicyUpdate>;
