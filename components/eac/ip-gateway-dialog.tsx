"use client";
import { useEffect, useState } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, ApiError, validate, type FieldErrors } from "../api-client";
import { Dialog, Section } from "../ui/dialog";
import { CheckboxField, SelectField, TextField } from "../ui/field";
import { GATEWAY_STATUS, ipGatewayCreate, ipGatewayUpdate } from "@/lib/validation/ip-gateways";
import type { DialPlan, IpGateway } from "../api-types";

interface Form {
  name: string;
  address: string;
  port: string;
  messageWaitingIndicatorAllowed: boolean;
  status: (typeof GATEWAY_STATUS)[number];
  dialPlanIds: string[];
}

function toForm(g?: IpGateway): Form {
  return {
    name: g?.name ?? "", address: g?.address ?? "", port: String(g?.port ?? 5060),
    messageWaitingIndicatorAllowed: g?.messageWaitingIndicatorAllowed ?? true,
    status: (g?.status as Form["status"]) ?? "Enabled", dialPlanIds: g?.dialPlanIds ?? [],
  };
}

export function IpGatewayDialog({ gateway, dialPlans, open, onClose, onSaved }: {
  gateway?: IpGateway; // absent: New-UMIPGateway
  dialPlans: DialPlan[];
  open: boolean;
  onClose: () => void;
  onSaved: (g: IpGateway) => void;
}) {
  const [form, setForm] = useState<Form>(toForm(gateway));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string>();
  const qc = useQueryClient();
  useEffect(() => {
    if (open) { setForm(toForm(gateway)); setErrors({}); setFormError(undefined); }
  }, [open, gateway]);

  const save = useMutation({
    mutationFn: (body: unknown) => gateway
      ? api<IpGateway>(`/ip-gateways/${gateway.id}`, { method: "PATCH", body })
      : api<IpGateway>("/ip-gateways", { method: "POST", body }),
    onSuccess: (g) => { void qc.invalidateQueries({ queryKey: ["ip-gateways"] }); onSaved(g); },
    onError: (e) => {
      if (e instanceof ApiError) { setErrors(e.fields); setFormError(Object.keys(e.fields).length ? undefined : e.message); }
      else setFormError("The gateway couldn't be saved. Check your connection and try again.");
    },
  });

  function submit() {
    const body = { ...form, port: form.port.trim() === "" ? NaN : Number(form.port) };
    const checked = validate(gateway ? ipGatewayUpdate : ipGatewayCreate, body);
    if (!checked.ok) { setErrors(checked.fields); return; }
    setErrors({});
    save.mutate(checked.value);
  }

  const set = <K extends keyof Form>(k: K) => (v: Form[K]) => setForm((f) => ({ ...f, [k]: v }));
  const toggleDialPlan = (id: string, on: boolean) =>
    set("dialPlanIds")(on ? [...form.dialPlanIds, id] : form.dialPlanIds.filter((d) => d !== id));

  return (
    <Dialog title={gateway ? gateway.name : "new UM IP gateway"} open={open} onClose={onClose} onSave={submit}
      saving={save.isPending} error={formError}>
      <Section title="General">
        <TextField label="Name" required value={form.name} onChange={set("name")} error={errors.name} />
        <TextField label="Address" required value={form.address} onChange={set("address")} error={errors.address}
          hint="IP address or fully qualified domain name of the IP PBX or VoIP gateway." />
        <TextField label="Port" value={form.port} onChange={set("port")} error={errors.port} hint="SIP port, 5060 by default." />
        <SelectField label="Status" value={form.status} onChange={set("status")} error={errors.status}
          options={GATEWAY_STATUS.map((s) => ({ value: s, label: s === "NoNewCalls" ? "No new calls" : s }))} />
        <CheckboxField label="Allow message waiting indicator" checked={form.messageWaitingIndicatorAllowed}
          onChange={set("messageWaitingIndicatorAllowed")} error={errors.messageWaitingIndicatorAllowed} />
      </Section>
      <Section title="UM dial plans">
        {dialPlans.length === 0 && <p className="text-neutral-500">There are no UM dial plans yet.</p>}
        {dialPlans.map((d) => (
          <CheckboxField key={d.id} label={d.name} checked={form.dialPlanIds.includes(d.id)} onChange={(on) => toggleDialPlan(d.id, on)} />
        ))}
        {errors.dialPlanIds && <p role="alert" className="text-xs text-red-700">{errors.dialPlanIds}</p>}
      </Section>
    </Dialog>
  );
}
