// Who gets a text message. Exchange's rule plus the user's own setup: a voice-mail text needs the
// policy's AllowSMSNotification AND the mailbox's UMSMSNotificationOption VoiceMail or
// VoiceMailAndMissedCalls AND a verified phone with notifications on AND the user's own choice.
// A missed-call text additionally needs VoiceMailAndMissedCalls and the policy's missed-call switch.

export type SmsKind = "VoiceMail" | "MissedCall";

export interface SmsEligibilityInput {
  umEnabled: boolean;
  policy: { name: string; allowSmsNotification: boolean; allowMissedCallNotifications: boolean } | null;
  umSmsNotificationOption: string; // None | VoiceMail | VoiceMailAndMissedCalls
  setup: {
    verified: boolean;
    notificationsEnabled: boolean;
    voiceMailNotifications: boolean;
    missedCallNotifications: boolean;
  } | null;
}

export type SmsIneligibleReason =
  | "UmDisabled" | "NoPolicy" | "PolicyDisallowsSms" | "PolicyDisallowsMissedCalls"
  | "MailboxOptionNone" | "MailboxOptionVoiceMailOnly" | "NoVerifiedPhone" | "NotificationsOff" | "UserChoseNo";

export type SmsEligibility =
  | { allowed: true }
  | { allowed: false; reason: SmsIneligibleReason; explanation: string; changedBy: "admin" | "user" };

export function smsEligibility(kind: SmsKind, i: SmsEligibilityInput): SmsEligibility {
  const no = (reason: SmsIneligibleReason, explanation: string, changedBy: "admin" | "user" = "admin"): SmsEligibility =>
    ({ allowed: false, reason, explanation, changedBy });
  const what = kind === "VoiceMail" ? "voice mail" : "missed calls";
  if (!i.umEnabled) return no("UmDisabled", "The mailbox is not enabled for Unified Messaging.");
  if (!i.policy) return no("NoPolicy", "The mailbox has no UM mailbox policy.");
  if (!i.policy.allowSmsNotification) {
    return no("PolicyDisallowsSms", `UM mailbox policy "${i.policy.name}" has AllowSMSNotification set to false.`);
  }
  if (kind === "MissedCall" && !i.policy.allowMissedCallNotifications) {
    return no("PolicyDisallowsMissedCalls", `UM mailbox policy "${i.policy.name}" doesn't allow missed-call notifications.`);
  }
  if (i.umSmsNotificationOption === "None" || !["VoiceMail", "VoiceMailAndMissedCalls"].includes(i.umSmsNotificationOption)) {
    return no("MailboxOptionNone", "The mailbox's UMSMSNotificationOption is None.");
  }
  if (kind === "MissedCall" && i.umSmsNotificationOption !== "VoiceMailAndMissedCalls") {
    return no("MailboxOptionVoiceMailOnly", "The mailbox's UMSMSNotificationOption is VoiceMail: texts for voice mail only, not for missed calls.");
  }
  if (!i.setup?.verified) return no("NoVerifiedPhone", "The user hasn't set up and verified a phone for text messaging.", "user");
  if (!i.setup.notificationsEnabled) return no("NotificationsOff", "The user has turned text message notifications off.", "user");
  const chosen = kind === "VoiceMail" ? i.setup.voiceMailNotifications : i.setup.missedCallNotifications;
  if (!chosen) return no("UserChoseNo", `The user hasn't chosen to be texted about ${what}.`, "user");
  return { allowed: true };
}
