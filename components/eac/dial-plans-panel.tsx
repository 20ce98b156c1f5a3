"use client";
import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "../api-client";
import { Button, ToolbarButton } from "../ui/button";
import { TrashIcon } from "../ui/icons";
import { useAnnounce } from "../ui/announcer";
import { DetailRow, ListPanel } from "../ui/list-panel";
import { DialPlanDialog } from "./dial-plan-dialog";
import { MailboxPolicyDialog } from "./mailbox-policy-dialog";
import type { DialPlan, IpGateway, MailboxPolicy, Page } from "../api-types";

export function DialPlansPanel() {
  const qc = useQueryClient();
  const announce = useAnnounce();
  const plans = useQuery({ queryKey: ["dial-plans"], queryFn: () => api<Page<DialPlan>>("/dial-plans?pageSize=500") });
  const [selectedId, setSelectedId] = useState<string>();
  const [dialog, setDialog] = useState<{ open: boolean; editing?: DialPlan }>({ open: false });
  const [policyDialog, setPolicyDialog] = useState<{ open: boolean; editing?: MailboxPolicy }>({ open: false });
  const rows = plans.data?.items ?? [];
  const selected = rows.find((p) => p.id === selectedId);

  const gateways = useQuery({
    queryKey: ["ip-gateways", { dialPlanId: selectedId }], enabled: Boolean(selectedId),
    queryFn: () => api<Page<IpGateway>>(`/ip-gateways?dialPlanId=${selectedId}&pageSize=100`),
  });
  const policies = useQuery({
    queryKey: ["mailbox-policies", { dialPlanId: selectedId }], enabled: Boolean(selectedId),
    queryFn: () => api<Page<MailboxPolicy>>(`/mailbox-policies?dialPlanId=${selectedId}&pageSize=100`),
  });

  const remove = useMutation({
    mutationFn: (p: DialPlan) => api<void>(`/dial-plans/${p.id}`, { method: "DELETE" }),
    onSuccess: (_r, p) => { announce(`UM dial plan "${p.name}" was removed.`); setSelectedId(undefined); void qc.invalidateQueries({ queryKey: ["dial-plans"] }); },
    onError: (e) => announce(e.message, "error"),
  });
  const reorder = useMutation({
    mutationFn: (ids: string[]) => api(`/dial-plans/${selectedId}/ip-gateway-order`, { method: "PUT", body: { ipGatewayIds: ids } }),
    onSuccess: () => { announce("The gateway order was saved."); void qc.invalidateQueries({ queryKey: ["ip-gateways"] }); },
    onError: (e) => announce(e.message, "error"),
  });
  const move = (index: number, by: -1 | 1) => {
    const ids = (gateways.data?.items ?? []).map((g) => g.id);
    [ids[index], ids[index + by]] = [ids[index + by], ids[index]];
    reorder.mutate(ids);
  };
  const open = (id?: string) => setDialog({ open: true, editing: rows.find((p) => p.id === id) });

  return (
    <>
      <ListPanel<DialPlan>
        label="UM dial plans"
        toolbar={<>
          <ToolbarButton label="New" glyph="+" onClick={() => open()} />
          <ToolbarButton label="Edit" glyph="✎" disabled={!selected} onClick={() => open(selectedId)} />
          <ToolbarButton label="Delete" glyph={<TrashIcon />} disabled={!selected || remove.isPending} onClick={() => {
            if (selected && window.confirm(`Are you sure you want to delete UM dial plan "${selected.name}"?`)) remove.mutate(selected);
          }} />
          <ToolbarButton label="Refresh" glyph="↻" onClick={() => void plans.refetch()} />
        </>}
        columns={[
          { header: "Name", cell: (p) => p.name },
          { header: "Extension length", cell: (p) => p.numberOfDigitsInExtension },
          { header: "URI type", cell: (p) => p.uriType },
          { header: "VoIP security", cell: (p) => p.voipSecurity },
          { header: "Country code", cell: (p) => p.countryOrRegionCode },
        ]}
        rows={rows}
        selectedId={selectedId}
        onSelect={setSelectedId}
        onOpen={open}
        loading={plans.isPending}
        error={plans.error?.message}
        empty="There are no UM dial plans. Select New (+) to create one."
        footer={`${rows.length} of ${plans.data?.total ?? 0} total`}
        details={selected ? (
          <div>
            <h3 className="mb-3 text-xl font-light">{selected.name}</h3>
            <DetailRow label="Extension length">{selected.numberOfDigitsInExtension} digits</DetailRow>
            <DetailRow label="URI type">{selected.uriType}</DetailRow>
            <DetailRow label="VoIP security">{selected.voipSecurity} ({selected.voipSecurity === "Unsecured" ? "SIP over TCP" : "SIP over TLS"})</DetailRow>
            <DetailRow label="UM mailbox policies">
              {policies.data?.items.length ? (
                <ul aria-label="UM mailbox policies of the dial plan">
                  {policies.data.items.map((p) => (
                    <li key={p.id} className="flex items-center justify-between">
                      <span>{p.name}</span>
                      <button type="button" className="text-eac hover:underline" aria-label={`Edit ${p.name}`}
                        onClick={() => setPolicyDialog({ open: true, editing: p })}>Edit</button>
                    </li>
                  ))}
                </ul>
              ) : "None"}
            </DetailRow>
            <DetailRow label="UM IP gateways, in the order MWI tries them">
              {gateways.data?.items.length ? (
                <ol aria-label="Gateway order" className="list-decimal pl-5">
                  {gateways.data.items.map((g, i, all) => (
                    <li key={g.id} className="mb-0.5">
                      <span className="inline-flex w-full items-center justify-between gap-2">
                        <span>{g.name} <span className="text-neutral-500">({g.address}:{g.port})</span></span>
                        <span className="flex gap-1">
                          <Button type="button" className="min-w-0 px-1.5 py-0" aria-label={`Move ${g.name} up`}
                            disabled={i === 0 || reorder.isPending} onClick={() => move(i, -1)}>↑</Button>
                          <Button type="button" className="min-w-0 px-1.5 py-0" aria-label={`Move ${g.name} down`}
                            disabled={i === all.length - 1 || reorder.isPending} onClick={() => move(i, 1)}>↓</Button>
                        </span>
                      </span>
                    </li>
                  ))}
                </ol>
              ) : "None"}
            </DetailRow>
          </div>
        ) : <p className="text-neutral-500">Select a UM dial plan to see its policies and gateways.</p>}
      />
      <DialPlanDialog open={dialog.open} plan={dialog.editing} onClose={() => setDialog({ open: false })}
        onSaved={(p) => { setDialog({ open: false }); setSelectedId(p.id); }} />
      <MailboxPolicyDialog open={policyDialog.open} policy={policyDialog.editing} dialPlans={rows}
        onClose={() => setPolicyDialog({ open: false })} onSaved={() => setPolicyDialog({ open: false })} />
    </>
  );
}
