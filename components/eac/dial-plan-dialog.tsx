"use client";
import { useQueryClient } from "@tanstack/react-query";
import { api } from "../api-client";
import { Dialog, Section } from "../ui/dialog";
import { SelectField, TextField } from "../ui/field";
import { numberOrNaN, useEntityForm } from "../use-entity-form";
import { dialPlanCreate, dialPlanUpdate, URI_TYPES, VOIP_SECURITY } from "@/lib/validation/dial-plans";
import type { DialPlan } from "../api-types";

interface Form {
  name: string;
  numberOfDigitsInExtension: string;
  uriType: (typeof URI_TYPES)[number];
  voipSecurity: (typeof VOIP_SECURITY)[number];
  countryOrRegionCode: string;
}

const URI_LABELS: Record<Form["uriType"], string> = {
  TelExtn: "Telephone extension", E164: "E.164", SipName: "SIP URI",
};

export function DialPlanDialog({ plan, open, onClose, onSaved }: {
  plan?: DialPlan; open: boolean; onClose: () => void; onSaved: (p: DialPlan) => void;
}) {
  const qc = useQueryClient();
  const { form, set, errors, formError, submit, saving } = useEntityForm({
    open,
    initial: (): Form => ({
      name: plan?.name ?? "", numberOfDigitsInExtension: String(plan?.numberOfDigitsInExtension ?? ""),
      uriType: (plan?.uriType as Form["uriType"]) ?? "TelExtn", voipSecurity: (plan?.voipSecurity as Form["voipSecurity"]) ?? "Unsecured",
      countryOrRegionCode: plan?.countryOrRegionCode ?? "",
    }),
    toBody: (f: Form) => {
      const body = { ...f, numberOfDigitsInExtension: numberOrNaN(f.numberOfDigitsInExtension) };
      if (plan) { const { uriType: _fixed, ...rest } = body; return rest; }
      return body;
    },
    schema: plan ? dialPlanUpdate : dialPlanCreate,
    save: (body) => plan
      ? api<DialPlan>(`/dial-plans/${plan.id}`, { method: "PATCH", body })
      : api<DialPlan>("/dial-plans", { method: "POST", body }),
    onSaved: (p) => {
      void qc.invalidateQueries({ queryKey: ["dial-plans"] });
      void qc.invalidateQueries({ queryKey: ["mailbox-policies"] });
      onSaved(p);
    },
    successMessage: (p) => plan ? `UM dial plan "${p.name}" was saved.` : `UM dial plan "${p.name}" and its default policy were created.`,
  });
  return (
    <Dialog title={plan ? plan.name : "new UM dial plan"} open={open} onClose={onClose} onSave={submit} saving={saving} error={formError}>
      <Section title="General">
        <TextField label="Name" required value={form.name} onChange={set("name")} error={errors.name} hint="Up to 64 characters." />
        <TextField label="Extension length (digits)" required value={form.numberOfDigitsInExtension}
          onChange={set("numberOfDigitsInExtension")} error={errors.numberOfDigitsInExtension} hint="1 to 20." />
        <SelectField label="Dial plan type (URI type)" value={form.uriType} onChange={set("uriType")} error={errors.uriType} disabled={Boolean(plan)}
          options={URI_TYPES.map((u) => ({ value: u, label: URI_LABELS[u] }))} />
        {plan && <p className="-mt-2 mb-3 text-xs text-neutral-500">The URI type can&apos;t be changed after the dial plan is created.</p>}
        <SelectField label="VoIP security mode" value={form.voipSecurity} onChange={set("voipSecurity")} error={errors.voipSecurity}
          options={VOIP_SECURITY.map((v) => ({ value: v, label: v === "SIPSecured" ? "SIP secured" : v }))} />
        <TextField label="Country/Region code" required value={form.countryOrRegionCode} onChange={set("countryOrRegionCode")}
          error={errors.countryOrRegionCode} hint="For example 1 for the United States, 44 for the United Kingdom." />
      </Section>
    </Dialog>
  );
}
