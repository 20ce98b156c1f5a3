"use client";
import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "../api-client";
import { ToolbarButton } from "../ui/button";
import { TrashIcon } from "../ui/icons";
import { useAnnounce } from "../ui/announcer";
import { DetailRow, ListPanel } from "../ui/list-panel";
import { MailboxPolicyDialog } from "./mailbox-policy-dialog";
import type { DialPlan, MailboxPolicy, Page } from "../api-types";

const yesNo = (b: boolean) => (b ? "Yes" : "No");

export function MailboxPoliciesPanel() {
  const qc = useQueryClient();
  const announce = useAnnounce();
  const [dialPlanId, setDialPlanId] = useState("");
  const plans = useQuery({ queryKey: ["dial-plans"], queryFn: () => api<Page<DialPlan>>("/dial-plans?pageSize=500") });
  const policies = useQuery({
    queryKey: ["mailbox-policies", { dialPlanId }],
    queryFn: () => api<Page<MailboxPolicy>>(`/mailbox-policies?pageSize=500${dialPlanId ? `&dialPlanId=${dialPlanId}` : ""}`),
  });
  const [selectedId, setSelectedId] = useState<string>();
  const [dialog, setDialog] = useState<{ open: boolean; editing?: MailboxPolicy }>({ open: false });
  const rows = policies.data?.items ?? [];
  const selected = rows.find((p) => p.id === selectedId);
  const planName = (id: string) => plans.data?.items.find((p) => p.id === id)?.name ?? id;
  const remove = useMutation({
    mutationFn: (p: MailboxPolicy) => api<void>(`/mailbox-policies/${p.id}`, { method: "DELETE" }),
    onSuccess: (_r, p) => { announce(`UM mailbox policy "${p.name}" was removed.`); setSelectedId(undefined); void qc.invalidateQueries({ queryKey: ["mailbox-policies"] }); },
    onError: (e) => announce(e.message, "error"),
  });
  const open = (id?: string) => setDialog({ open: true, editing: rows.find((p) => p.id === id) });

  return (
    <>
      <ListPanel<MailboxPolicy>
        label="UM mailbox policies"
        toolbar={<>
          <ToolbarButton label="New" glyph="+" disabled={!plans.data?.items.length} onClick={() => open()} />
          <ToolbarButton label="Edit" glyph="✎" disabled={!selected} onClick={() => open(selectedId)} />
          <ToolbarButton label="Delete" glyph={<TrashIcon />} disabled={!selected || remove.isPending} onClick={() => {
            if (selected && window.confirm(`Are you sure you want to delete UM mailbox policy "${selected.name}"?`)) remove.mutate(selected);
          }} />
          <ToolbarButton label="Refresh" glyph="↻" onClick={() => void policies.refetch()} />
          <label className="ml-3 flex items-center gap-2">UM dial plan
            <select value={dialPlanId} onChange={(e) => { setDialPlanId(e.target.value); setSelectedId(undefined); }}
              className="border border-neutral-400 bg-white px-1 py-0.5">
              <option value="">All</option>
              {plans.data?.items.map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}
            </select>
          </label>
        </>}
        columns={[
          { header: "Name", cell: (p) => p.name },
          { header: "UM dial plan", cell: (p) => planName(p.dialPlanId) },
          { header: "MWI", cell: (p) => (p.allowMessageWaitingIndicator ? "Allowed" : "Blocked") },
          { header: "Text messages", cell: (p) => (p.allowSmsNotification ? "Allowed" : "Blocked") },
        ]}
        rows={rows}
        selectedId={selectedId}
        onSelect={setSelectedId}
        onOpen={open}
        loading={policies.isPending}
        error={policies.error?.message}
        empty="There are no UM mailbox policies. Each new UM dial plan brings a default one."
        footer={`${rows.length} of ${policies.data?.total ?? 0} total`}
        details={selected ? (
          <div>
            <h3 className="mb-3 text-xl font-light">{selected.name}</h3>
            <DetailRow label="UM dial plan">{planName(selected.dialPlanId)}</DetailRow>
            <DetailRow label="Allow message waiting indicator">{yesNo(selected.allowMessageWaitingIndicator)}</DetailRow>
            <DetailRow label="Allow text message notifications">{yesNo(selected.allowSmsNotification)}</DetailRow>
            <DetailRow label="Allow missed call notifications">{yesNo(selected.allowMissedCallNotifications)}</DetailRow>
            <DetailRow label="PIN">
              at least {selected.minPinLength} digits, expires after {selected.pinLifetime === "Unlimited" ? "never" : `${selected.pinLifetime} days`}, lockout after {selected.maxLogonAttempts} failures
            </DetailRow>
          </div>
        ) : <p className="text-neutral-500">Select a UM mailbox policy to see its settings.</p>}
      />
      <MailboxPolicyDialog open={dialog.open} policy={dialog.editing} dialPlans={plans.data?.items ?? []}
        defaultDialPlanId={dialPlanId || undefined}
        onClose={() => setDialog({ open: false })} onSaved={(p) => { setDialog({ open: false }); setSelectedId(p.id); }} />
    </>
  );
}
