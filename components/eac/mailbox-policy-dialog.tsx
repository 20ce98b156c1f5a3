"use client";
import { useQueryClient } from "@tanstack/react-query";
import { api } from "../api-client";
import { Dialog, Section } from "../ui/dialog";
import { CheckboxField, SelectField, TextField } from "../ui/field";
import { numberOrNaN, useEntityForm } from "../use-entity-form";
import {
  MAILBOX_POLICY_DEFAULTS, mailboxPolicyCreate, mailboxPolicyUpdate, PROTECTION, UNLIMITED,
} from "@/lib/validation/mailbox-policies";
import type { DialPlan, MailboxPolicy } from "../api-types";

type Protection = (typeof PROTECTION)[number];

interface Form {
  name: string;
  dialPlanId: string;
  allowMessageWaitingIndicator: boolean;
  allowSmsNotification: boolean;
  allowMissedCallNotifications: boolean;
  allowVoiceMailPreview: boolean;
  umEnabledText: string;
  resetPinText: string;
  voiceMailText: string;
  faxMessageText: string;
  minPinLength: string;
  pinLifetime: string;
  pinLifetimeUnlimited: boolean;
  pinHistoryCount: string;
  allowCommonPatterns: boolean;
  logonFailuresBeforePinReset: string;
  logonFailuresUnlimited: boolean;
  maxLogonAttempts: string;
  allowDialPlanSubscribers: boolean;
  allowExtensions: boolean;
  allowedInCountryOrRegionGroups: string;
  allowedInternationalGroups: string;
  protectUnauthenticatedVoiceMail: Protection;
  protectAuthenticatedVoiceMail: Protection;
  requireProtectedPlayOnPhone: boolean;
  protectedVoiceMailText: string;
}

function toForm(p: MailboxPolicy | undefined, dialPlanId: string): Form {
  const v = { ...MAILBOX_POLICY_DEFAULTS, ...p };
  return {
    name: p?.name ?? "", dialPlanId: p?.dialPlanId ?? dialPlanId,
    allowMessageWaitingIndicator: v.allowMessageWaitingIndicator, allowSmsNotification: v.allowSmsNotification,
    allowMissedCallNotifications: v.allowMissedCallNotifications, allowVoiceMailPreview: v.allowVoiceMailPreview,
    umEnabledText: v.umEnabledText ?? "", resetPinText: v.resetPinText ?? "", voiceMailText: v.voiceMailText ?? "", faxMessageText: v.faxMessageText ?? "",
    minPinLength: String(v.minPinLength),
    pinLifetime: v.pinLifetime === UNLIMITED ? "" : String(v.pinLifetime), pinLifetimeUnlimited: v.pinLifetime === UNLIMITED,
    pinHistoryCount: String(v.pinHistoryCount), allowCommonPatterns: v.allowCommonPatterns,
    logonFailuresBeforePinReset: v.logonFailuresBeforePinReset === UNLIMITED ? "" : String(v.logonFailuresBeforePinReset),
    logonFailuresUnlimited: v.logonFailuresBeforePinReset === UNLIMITED, maxLogonAttempts: String(v.maxLogonAttempts),
    allowDialPlanSubscribers: v.allowDialPlanSubscribers, allowExtensions: v.allowExtensions,
    allowedInCountryOrRegionGroups: v.allowedInCountryOrRegionGroups.join(", "), allowedInternationalGroups: v.allowedInternationalGroups.join(", "),
    protectUnauthenticatedVoiceMail: v.protectUnauthenticatedVoiceMail, protectAuthenticatedVoiceMail: v.protectAuthenticatedVoiceMail,
    requireProtectedPlayOnPhone: v.requireProtectedPlayOnPhone, protectedVoiceMailText: v.protectedVoiceMailText ?? "",
  };
}

const list = (s: string) => s.split(",").map((x) => x.trim()).filter(Boolean);
const textOrNull = (s: string) => (s.trim() === "" ? null : s);

function toBody(f: Form, creating: boolean) {
  const { pinLifetimeUnlimited, logonFailuresUnlimited, dialPlanId, ...rest } = f;
  return {
    ...rest,
    ...(creating ? { dialPlanId } : {}),
    umEnabledText: textOrNull(f.umEnabledText), resetPinText: textOrNull(f.resetPinText),
    voiceMailText: textOrNull(f.voiceMailText), faxMessageText: textOrNull(f.faxMessageText),
    protectedVoiceMailText: textOrNull(f.protectedVoiceMailText),
    minPinLength: numberOrNaN(f.minPinLength), pinHistoryCount: numberOrNaN(f.pinHistoryCount), maxLogonAttempts: numberOrNaN(f.maxLogonAttempts),
    pinLifetime: pinLifetimeUnlimited ? UNLIMITED : numberOrNaN(f.pinLifetime),
    logonFailuresBeforePinReset: logonFailuresUnlimited ? UNLIMITED : numberOrNaN(f.logonFailuresBeforePinReset),
    allowedInCountryOrRegionGroups: list(f.allowedInCountryOrRegionGroups), allowedInternationalGroups: list(f.allowedInternationalGroups),
  };
}

const PROTECTION_OPTIONS = PROTECTION.map((p) => ({
  value: p, label: p === "None" ? "No messages" : p === "Private" ? "Messages marked private" : "All messages",
}));

export function MailboxPolicyDialog({ policy, dialPlans, defaultDialPlanId, open, onClose, onSaved }: {
  policy?: MailboxPolicy; dialPlans: DialPlan[]; defaultDialPlanId?: string; open: boolean; onClose: () => void; onSaved: (p: MailboxPolicy) => void;
}) {
  const qc = useQueryClient();
  const { form, set, errors, formError, submit, saving } = useEntityForm({
    open, initial: () => toForm(policy, defaultDialPlanId ?? dialPlans[0]?.id ?? ""),
    toBody: (f: Form) => toBody(f, !policy),
    schema: policy ? mailboxPolicyUpdate : mailboxPolicyCreate,
    save: (body) => policy
      ? api<MailboxPolicy>(`/mailbox-policies/${policy.id}`, { method: "PATCH", body })
      : api<MailboxPolicy>("/mailbox-policies", { method: "POST", body }),
    onSaved: (p) => { void qc.invalidateQueries({ queryKey: ["mailbox-policies"] }); onSaved(p); },
    successMessage: (p) => `UM mailbox policy "${p.name}" was saved.`,
  });
  return (
    <Dialog title={policy ? policy.name : "new UM mailbox policy"} open={open} onClose={onClose} onSave={submit}
      saving={saving} error={formError} wide>
      <Section title="General">
        <TextField label="Name" required value={form.name} onChange={set("name")} error={errors.name} />
        {!policy && (
          <SelectField label="UM dial plan" value={form.dialPlanId} onChange={set("dialPlanId")} error={errors.dialPlanId}
            options={dialPlans.map((d) => ({ value: d.id, label: d.name }))} />
        )}
        <CheckboxField label="Allow message waiting indicator" checked={form.allowMessageWaitingIndicator} onChange={set("allowMessageWaitingIndicator")} />
        <CheckboxField label="Allow text message notifications (AllowSMSNotification)" checked={form.allowSmsNotification} onChange={set("allowSmsNotification")} />
        <CheckboxField label="Allow missed call notifications" checked={form.allowMissedCallNotifications} onChange={set("allowMissedCallNotifications")} />
        <CheckboxField label="Allow voice mail preview" checked={form.allowVoiceMailPreview} onChange={set("allowVoiceMailPreview")} />
      </Section>
      <Section title="Message text">
        <TextField label="Text sent when a user is enabled for Unified Messaging" value={form.umEnabledText} onChange={set("umEnabledText")} error={errors.umEnabledText} />
        <TextField label="Text sent when a PIN is reset" value={form.resetPinText} onChange={set("resetPinText")} error={errors.resetPinText} />
        <TextField label="Text included with a voice message" value={form.voiceMailText} onChange={set("voiceMailText")} error={errors.voiceMailText} />
        <TextField label="Text included with a fax message" value={form.faxMessageText} onChange={set("faxMessageText")} error={errors.faxMessageText} />
      </Section>
      <Section title="PIN policies">
        <TextField label="Minimum PIN length" value={form.minPinLength} onChange={set("minPinLength")} error={errors.minPinLength} hint="4 to 24 digits (default 6)." />
        <TextField label="PIN lifetime (days)" value={form.pinLifetime} onChange={set("pinLifetime")} error={errors.pinLifetime}
          hint="1 to 999 (default 60)." disabled={form.pinLifetimeUnlimited} />
        <CheckboxField label="PIN never expires (Unlimited)" checked={form.pinLifetimeUnlimited} onChange={set("pinLifetimeUnlimited")} />
        <TextField label="Number of previous PINs to disallow" value={form.pinHistoryCount} onChange={set("pinHistoryCount")} error={errors.pinHistoryCount} hint="1 to 20 (default 5)." />
        <CheckboxField label="Allow common patterns in PIN" checked={form.allowCommonPatterns} onChange={set("allowCommonPatterns")} />
        <TextField label="Number of sign-in failures before PIN reset" value={form.logonFailuresBeforePinReset} onChange={set("logonFailuresBeforePinReset")}
          error={errors.logonFailuresBeforePinReset} hint="0 to 999 (default 5), less than the lockout limit." disabled={form.logonFailuresUnlimited} />
        <CheckboxField label="Never reset the PIN automatically (Unlimited)" checked={form.logonFailuresUnlimited} onChange={set("logonFailuresUnlimited")} />
        <TextField label="Number of sign-in failures before lockout" value={form.maxLogonAttempts} onChange={set("maxLogonAttempts")} error={errors.maxLogonAttempts} hint="1 to 999 (default 15)." />
      </Section>
      <Section title="Dialing authorization">
        <CheckboxField label="Allow calls to users within the same UM dial plan" checked={form.allowDialPlanSubscribers} onChange={set("allowDialPlanSubscribers")} />
        <CheckboxField label="Allow calls to extensions" checked={form.allowExtensions} onChange={set("allowExtensions")} />
        <TextField label="Authorized in-country/region dialing groups" value={form.allowedInCountryOrRegionGroups} onChange={set("allowedInCountryOrRegionGroups")}
          error={errors.allowedInCountryOrRegionGroups} hint="Group names from the dial plan, separated by commas." />
        <TextField label="Authorized international dialing groups" value={form.allowedInternationalGroups} onChange={set("allowedInternationalGroups")}
          error={errors.allowedInternationalGroups} hint="Group names from the dial plan, separated by commas." />
      </Section>
      <Section title="Protected voice mail">
        <SelectField label="Protect voice mail from callers who aren't authenticated" value={form.protectUnauthenticatedVoiceMail}
          onChange={set("protectUnauthenticatedVoiceMail")} options={PROTECTION_OPTIONS} error={errors.protectUnauthenticatedVoiceMail} />
        <SelectField label="Protect voice mail from authenticated callers" value={form.protectAuthenticatedVoiceMail}
          onChange={set("protectAuthenticatedVoiceMail")} options={PROTECTION_OPTIONS} error={errors.protectAuthenticatedVoiceMail} />
        <CheckboxField label="Require play on phone for protected voice mail" checked={form.requireProtectedPlayOnPhone} onChange={set("requireProtectedPlayOnPhone")} />
        <TextField label="Text shown to users who can't open protected voice mail" value={form.protectedVoiceMailText} onChange={set("protectedVoiceMailText")} error={errors.protectedVoiceMailText} />
      </Section>
    </Dialog>
  );
}
