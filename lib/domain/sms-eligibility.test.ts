import { describe, expect, it } from "vitest";
import { smsEligibility, type SmsEligibilityInput } from "./sms-eligibility";

const OPTIONS = ["None", "VoiceMail", "VoiceMailAndMissedCalls"] as const;
const input = (o: { sms: boolean; missed?: boolean; option: string; verified: boolean; choice: boolean; umEnabled?: boolean }): SmsEligibilityInput => ({
  umEnabled: o.umEnabled ?? true,
  policy: { name: "P", allowSmsNotification: o.sms, allowMissedCallNotifications: o.missed ?? true },
  umSmsNotificationOption: o.option,
  setup: { verified: o.verified, notificationsEnabled: true, voiceMailNotifications: o.choice, missedCallNotifications: o.choice },
});

describe("smsEligibility: every combination of the four switches", () => {
  for (const sms of [true, false]) for (const option of OPTIONS) for (const verified of [true, false]) for (const choice of [true, false]) {
    const vmExpected = sms && option !== "None" && verified && choice;
    const mcExpected = sms && option === "VoiceMailAndMissedCalls" && verified && choice;
    it(`AllowSMSNotification=${sms} option=${option} verified=${verified} choice=${choice} → voice mail ${vmExpected}, missed call ${mcExpected}`, () => {
      expect(smsEligibility("VoiceMail", input({ sms, option, verified, choice })).allowed).toBe(vmExpected);
      expect(smsEligibility("MissedCall", input({ sms, option, verified, choice })).allowed).toBe(mcExpected);
    });
  }
});

describe("smsEligibility: reasons", () => {
  it("names the admin's switch first, then the user's", () => {
    expect(smsEligibility("VoiceMail", input({ sms: false, option: "None", verified: false, choice: false })))
      .toMatchObject({ reason: "PolicyDisallowsSms", changedBy: "admin" });
    expect(smsEligibility("VoiceMail", input({ sms: true, option: "None", verified: false, choice: false })))
      .toMatchObject({ reason: "MailboxOptionNone", changedBy: "admin" });
    expect(smsEligibility("VoiceMail", input({ sms: true, option: "VoiceMail", verified: false, choice: true })))
      .toMatchObject({ reason: "NoVerifiedPhone", changedBy: "user" });
    expect(smsEligibility("MissedCall", input({ sms: true, option: "VoiceMail", verified: true, choice: true })))
      .toMatchObject({ reason: "MailboxOptionVoiceMailOnly" });
  });

  it("missed-call texts also need the policy's missed-call switch; nothing goes to UM-disabled mailboxes", () => {
    expect(smsEligibility("MissedCall", input({ sms: true, missed: false, option: "VoiceMailAndMissedCalls", verified: true, choice: true })))
      .toMatchObject({ reason: "PolicyDisallowsMissedCalls" });
    expect(smsEligibility("VoiceMail", input({ sms: true, missed: false, option: "VoiceMailAndMissedCalls", verified: true, choice: true })).allowed).toBe(true);
    expect(smsEligibility("VoiceMail", input({ umEnabled: false, sms: true, option: "VoiceMail", verified: true, choice: true })))
      .toMatchObject({ reason: "UmDisabled" });
  });

  it("a setup with notifications turned off sends nothing", () => {
    const i = input({ sms: true, option: "VoiceMail", verified: true, choice: true });
    i.setup!.notificationsEnabled = false;
    expect(smsEligibility("VoiceMail", i)).toMatchObject({ reason: "NotificationsOff", changedBy: "user" });
  });
});
