// One explanation of who gets a lamp and texts, and why: the MWI rule and the SMS rule from
// lib/domain, each switch listed with its state. What an admin needs when a lamp is wrong.
import { dialPlanGateways } from "../data/ip-gateways";
import { findDialPlan } from "../data/dial-plans";
import { findMailboxPolicy } from "../data/mailbox-policies";
import { findTextMessagingSetup } from "../data/text-messaging-setup";
import { mwiEligibility } from "../domain/mwi-eligibility";
import { smsEligibility, type SmsEligibility } from "../domain/sms-eligibility";
import type { Principal } from "../auth/principal";
import { mailboxFor } from "./mailboxes";

export interface Check {
  setting: string; // the Exchange parameter or the user's own setting
  object: string; // where it lives
  value: string;
  ok: boolean;
}

export interface EffectiveSettingsDto {
  mailboxId: string;
  displayName: string;
  mwi: { allowed: boolean; reason: string | null; explanation: string | null; checks: Check[] };
  sms: {
    voiceMail: SmsEligibility;
    missedCalls: SmsEligibility;
    checks: Check[];
  };
}

export async function effectiveSettings(idOrAlias: string, who: Principal): Promise<EffectiveSettingsDto> {
  const m = await mailboxFor(idOrAlias, who);
  const [policy, plan, links, setup] = await Promise.all([
    m.umMailboxPolicyId ? findMailboxPolicy(m.umMailboxPolicyId) : null,
    m.dialPlanId ? findDialPlan(m.dialPlanId) : null,
    m.dialPlanId ? dialPlanGateways(m.dialPlanId) : [],
    findTextMessagingSetup(m.id),
  ]);
  const gateways = links.map((l) => l.gateway);
  const mwi = mwiEligibility({ umEnabled: m.umEnabled, policy, dialPlan: plan }, gateways);
  const smsInput = {
    umEnabled: m.umEnabled, policy, umSmsNotificationOption: m.umSmsNotificationOption,
    setup: setup && {
      verified: setup.verified, notificationsEnabled: setup.notificationsEnabled,
      voiceMailNotifications: setup.voiceMailNotifications, missedCallNotifications: setup.missedCallNotifications,
    },
  };
  const policyName = policy ? `UM mailbox policy "${policy.name}"` : "UM mailbox policy (none)";
  const umCheck: Check = { setting: "UMEnabled", object: `Mailbox "${m.displayName}"`, value: String(m.umEnabled), ok: m.umEnabled };
  const mwiChecks: Check[] = [
    umCheck,
    { setting: "AllowMessageWaitingIndicator", object: policyName, value: String(policy?.allowMessageWaitingIndicator ?? "—"), ok: Boolean(policy?.allowMessageWaitingIndicator) },
    ...gateways.flatMap((g): Check[] => [
      { setting: "MessageWaitingIndicatorAllowed", object: `UM IP gateway "${g.name}"`, value: String(g.messageWaitingIndicatorAllowed), ok: g.messageWaitingIndicatorAllowed },
      { setting: "Status", object: `UM IP gateway "${g.name}"`, value: g.status, ok: g.status !== "Disabled" },
    ]),
  ];
  if (gateways.length === 0) mwiChecks.push({ setting: "UM IP gateways", object: plan ? `UM dial plan "${plan.name}"` : "UM dial plan (none)", value: "none", ok: false });
  const smsOption = m.umSmsNotificationOption;
  const smsChecks: Check[] = [
    umCheck,
    { setting: "AllowSMSNotification", object: policyName, value: String(policy?.allowSmsNotification ?? "—"), ok: Boolean(policy?.allowSmsNotification) },
    { setting: "AllowMissedCallNotifications", object: policyName, value: String(policy?.allowMissedCallNotifications ?? "—"), ok: Boolean(policy?.allowMissedCallNotifications) },
    { setting: "UMSMSNotificationOption", object: `Mailbox "${m.displayName}"`, value: smsOption, ok: smsOption !== "None" },
    { setting: "Verified phone", object: "The user's text messaging setup", value: setup?.verified ? (setup.phoneNumber ?? "yes") : "not set up", ok: Boolean(setup?.verified) },
    { setting: "Notifications", object: "The user's text messaging setup", value: setup?.notificationsEnabled ? "on" : "off", ok: Boolean(setup?.notificationsEnabled) },
    { setting: "Text me when I get voice mail", object: "The user's choice", value: String(Boolean(setup?.voiceMailNotifications)), ok: Boolean(setup?.voiceMailNotifications) },
    { setting: "Text me when I miss a call", object: "The user's choice", value: String(Boolean(setup?.missedCallNotifications)), ok: Boolean(setup?.missedCallNotifications) },
  ];
  return {
    mailboxId: m.id, displayName: m.displayName,
    mwi: { allowed: mwi.allowed, reason: mwi.allowed ? null : mwi.reason, explanation: mwi.allowed ? null : mwi.explanation, checks: mwiChecks },
    sms: { voiceMail: smsEligibility("VoiceMail", smsInput), missedCalls: smsEligibility("MissedCall", smsInput), checks: smsChecks },
  };
}
