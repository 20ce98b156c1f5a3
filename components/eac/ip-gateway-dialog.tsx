"use client";
import { useQueryClient } from "@tanstack/react-query";
import { api } from "../api-client";
import { Dialog, Section } from "../ui/dialog";
import { CheckboxField, SelectField, TextField } from "../ui/field";
import { numberOrNaN, useEntityForm } from "../use-entity-form";
import { GATEWAY_STATUS, IP_ADDRESS_FAMILY, ipGatewayCreate, ipGatewayUpdate } from "@/lib/validation/ip-gateways";
import type { DialPlan, IpGateway } from "../api-types";

interface Form {
  name: string;
  address: string;
  port: string;
  messageWaitingIndicatorAllowed: boolean;
  status: (typeof GATEWAY_STATUS)[number];
  outcallsAllowed: boolean;
  ipAddressFamily: (typeof IP_ADDRESS_FAMILY)[number];
  transport: "" | "UDP";
  dialPlanIds: string[];
}

function toForm(g?: IpGateway): Form {
  return {
    name: g?.name ?? "", address: g?.address ?? "", port: String(g?.port ?? 5060),
    messageWaitingIndicatorAllowed: g?.messageWaitingIndicatorAllowed ?? true,
    status: (g?.status as Form["status"]) ?? "Enabled", outcallsAllowed: g?.outcallsAllowed ?? true,
    ipAddressFamily: (g?.ipAddressFamily as Form["ipAddressFamily"]) ?? "IPv4Only",
    transport: g?.transport === "UDP" ? "UDP" : "", dialPlanIds: g?.dialPlanIds ?? [],
  };
}

export function IpGatewayDialog({ gateway, dialPlans, open, onClose, onSaved }: {
  gateway?: IpGateway; // absent: New-UMIPGateway
  dialPlans: DialPlan[];
  open: boolean;
  onClose: () => void;
  onSaved: (g: IpGateway) => void;
}) {
  const qc = useQueryClient();
  const { form, set, errors, formError, submit, saving } = useEntityForm({
    open, initial: () => toForm(gateway),
    toBody: (f: Form) => ({ ...f, port: numberOrNaN(f.port), transport: f.transport || null }),
    schema: gateway ? ipGatewayUpdate : ipGatewayCreate,
    save: (body) => gateway
      ? api<IpGateway>(`/ip-gateways/${gateway.id}`, { method: "PATCH", body })
      : api<IpGateway>("/ip-gateways", { method: "POST", body }),
    onSaved: (g) => { void qc.invalidateQueries({ queryKey: ["ip-gateways"] }); onSaved(g); },
    successMessage: (g) => `UM IP gateway "${g.name}" was saved.`,
  });
  const toggleDialPlan = (id: string, on: boolean) =>
    set("dialPlanIds")(on ? [...form.dialPlanIds, id] : form.dialPlanIds.filter((d) => d !== id));

  return (
    <Dialog title={gateway ? gateway.name : "new UM IP gateway"} open={open} onClose={onClose} onSave={submit}
      saving={saving} error={formError}>
      <Section title="General">
        <TextField label="Name" required value={form.name} onChange={set("name")} error={errors.name} />
        <TextField label="Address" required value={form.address} onChange={set("address")} error={errors.address}
          hint="IP address or fully qualified domain name of the IP PBX or VoIP gateway. Secured dial plans need the FQDN." />
        <TextField label="Port" value={form.port} onChange={set("port")} error={errors.port} hint="SIP port, 5060 by default (5061 for TLS)." />
        <SelectField label="Status" value={form.status} onChange={set("status")} error={errors.status}
          options={GATEWAY_STATUS.map((s) => ({ value: s, label: s === "NoNewCalls" ? "No new calls" : s }))} />
        <CheckboxField label="Allow message waiting indicator" checked={form.messageWaitingIndicatorAllowed}
          onChange={set("messageWaitingIndicatorAllowed")} error={errors.messageWaitingIndicatorAllowed} />
        <CheckboxField label="Allow outgoing calls through this UM IP gateway" checked={form.outcallsAllowed}
          onChange={set("outcallsAllowed")} error={errors.outcallsAllowed} />
        <SelectField label="IP address family" value={form.ipAddressFamily} onChange={set("ipAddressFamily")} error={errors.ipAddressFamily}
          options={[{ value: "IPv4Only", label: "IPv4 only" }, { value: "IPv6Only", label: "IPv6 only" }, { value: "Any", label: "IPv4 and IPv6" }]} />
        <SelectField label="SIP transport for message waiting NOTIFYs" value={form.transport} onChange={set("transport")} error={errors.transport}
          options={[{ value: "", label: "By the dial plan's VoIP security (TCP, or TLS when secured)" }, { value: "UDP", label: "UDP" }]} />
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
