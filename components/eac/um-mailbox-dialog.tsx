"use client";
// Enable-UMMailbox (mode "enable") and the mailbox's UM settings (mode "edit") in one dialog.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "../api-client";
import { Dialog, Section } from "../ui/dialog";
import { SelectField, TextField } from "../ui/field";
import { useEntityForm } from "../use-entity-form";
import { mailboxUpdate, SMS_OPTIONS } from "@/lib/validation/mailboxes";
import type { DialPlan, Mailbox, MailboxPolicy, Page } from "../api-types";

type SmsOption = (typeof SMS_OPTIONS)[number];

interface Form {
  umMailboxPolicyId: string;
  extension: string;
  extraExtensions: string;
  sipResourceIdentifier: string;
  e164Number: string;
  umSmsNotificationOption: SmsOption;
}

const SMS_LABELS: Record<SmsOption, string> = {
  None: "None", VoiceMail: "Voice mail", VoiceMailAndMissedCalls: "Voice mail and missed calls",
};
const orNull = (s: string) => (s.trim() === "" ? null : s.trim());

export function UmMailboxDialog({ mailbox, mode, open, onClose, onSaved }: {
  mailbox: Mailbox; mode: "enable" | "edit"; open: boolean; onClose: () => void; onSaved: (m: Mailbox) => void;
}) {
  const qc = useQueryClient();
  const policies = useQuery({ queryKey: ["mailbox-policies", {}], queryFn: () => api<Page<MailboxPolicy>>("/mailbox-policies?pageSize=500"), enabled: open });
  const plans = useQuery({ queryKey: ["dial-plans"], queryFn: () => api<Page<DialPlan>>("/dial-plans?pageSize=500"), enabled: open });
  const { form, set, errors, formError, submit, saving } = useEntityForm({
    open,
    initial: (): Form => ({
      umMailboxPolicyId: mailbox.umMailboxPolicyId ?? "", extension: mailbox.extension ?? "",
      extraExtensions: mailbox.extraExtensions.join(", "), sipResourceIdentifier: mailbox.sipResourceIdentifier ?? "",
      e164Number: mailbox.e164Number ?? "", umSmsNotificationOption: mailbox.umSmsNotificationOption as SmsOption,
    }),
    toBody: (f: Form) => ({
      umEnabled: true,
      umMailboxPolicyId: orNull(f.umMailboxPolicyId), extension: orNull(f.extension),
      extraExtensions: f.extraExtensions.split(",").map((x) => x.trim()).filter(Boolean),
      sipResourceIdentifier: orNull(f.sipResourceIdentifier), e164Number: orNull(f.e164Number),
      umSmsNotificationOption: f.umSmsNotificationOption,
    }),
    schema: mailboxUpdate,
    save: (body) => api<Mailbox>(`/mailboxes/${mailbox.id}`, { method: "PATCH", body }),
    onSaved: (m) => {
      void qc.invalidateQueries({ queryKey: ["mailboxes"] });
      void qc.invalidateQueries({ queryKey: ["mwi", m.id] });
      void qc.invalidateQueries({ queryKey: ["effective-settings", m.id] });
      onSaved(m);
    },
    successMessage: (m) => mode === "enable" ? `${m.displayName} is enabled for Unified Messaging.` : `${m.displayName}'s Unified Messaging settings were saved.`,
  });
  const policy = policies.data?.items.find((p) => p.id === form.umMailboxPolicyId);
  const plan = plans.data?.items.find((d) => d.id === policy?.dialPlanId);
  return (
    <Dialog title={mode === "enable" ? `Enable UM mailbox: ${mailbox.displayName}` : `Unified Messaging: ${mailbox.displayName}`}
      open={open} onClose={onClose} onSave={submit} saving={saving} error={formError}>
      <Section title="UM mailbox policy">
        <SelectField label="UM mailbox policy" value={form.umMailboxPolicyId} onChange={set("umMailboxPolicyId")} error={errors.umMailboxPolicyId}
          options={[{ value: "", label: "Select a policy…" }, ...(policies.data?.items ?? []).map((p) => ({ value: p.id, label: p.name }))]} />
        {plan && <p className="-mt-2 mb-3 text-xs text-neutral-500">UM dial plan: {plan.name} ({plan.numberOfDigitsInExtension}-digit extensions, {plan.uriType}).</p>}
      </Section>
      <Section title="Extensions">
        <TextField label="Extension" required value={form.extension} onChange={set("extension")} error={errors.extension}
          hint={plan ? `${plan.numberOfDigitsInExtension} digits, unique in ${plan.name}.` : undefined} />
        <TextField label="Other extensions" value={form.extraExtensions} onChange={set("extraExtensions")} error={errors.extraExtensions}
          hint="Separated by commas." />
        {plan?.uriType === "SipName" && (
          <TextField label="SIP resource identifier" required value={form.sipResourceIdentifier} onChange={set("sipResourceIdentifier")}
            error={errors.sipResourceIdentifier} hint="user@domain, e.g. alexw@contoso.com." />
        )}
        {plan?.uriType === "E164" && (
          <TextField label="E.164 number" required value={form.e164Number} onChange={set("e164Number")} error={errors.e164Number}
            hint="For example +14255550101." />
        )}
      </Section>
      <Section title="Text message notifications">
        <SelectField label="Text message notifications (UMSMSNotificationOption)" value={form.umSmsNotificationOption}
          onChange={set("umSmsNotificationOption")} error={errors.umSmsNotificationOption}
          options={SMS_OPTIONS.map((o) => ({ value: o, label: SMS_LABELS[o] }))} />
        <p className="-mt-2 mb-3 text-xs text-neutral-500">Exchange kept this setting in the Shell. The user still sets up and verifies a phone in Outlook on the web.</p>
      </Section>
    </Dialog>
  );
}
