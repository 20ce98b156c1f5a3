"use client";
import { useState } from "react";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "../api-client";
import { Button, ToolbarButton } from "../ui/button";
import { useAnnounce } from "../ui/announcer";
import { DetailRow, ListPanel, type Sort } from "../ui/list-panel";
import { Pager } from "../ui/pager";
import { LampSummary } from "../lamp-summary";
import { EffectiveSettingsDialog } from "./effective-settings-dialog";
import { UmMailboxDialog } from "./um-mailbox-dialog";
import type { Mailbox, MailboxPolicy, MwiStatus, Page } from "../api-types";

const PAGE_SIZE = 50;

export function MailboxesPanel() {
  const qc = useQueryClient();
  const announce = useAnnounce();
  const [q, setQ] = useState("");
  const [page, setPage] = useState(1);
  const [sort, setSort] = useState<Sort>({ key: "displayName", order: "asc" });
  const [selectedId, setSelectedId] = useState<string>();
  const [dialog, setDialog] = useState<"enable" | "edit" | "effective" | null>(null);
  const list = useQuery({
    queryKey: ["mailboxes", { q, page, sort }], placeholderData: keepPreviousData,
    queryFn: () => api<Page<Mailbox>>(`/mailboxes?q=${encodeURIComponent(q)}&page=${page}&pageSize=${PAGE_SIZE}&sort=${sort.key}&order=${sort.order}`),
  });
  const policies = useQuery({ queryKey: ["mailbox-policies", {}], queryFn: () => api<Page<MailboxPolicy>>("/mailbox-policies?pageSize=500") });
  const selected = list.data?.items.find((m) => m.id === selectedId);
  const mwi = useQuery({
    queryKey: ["mwi", selectedId], enabled: Boolean(selectedId), refetchInterval: 5_000,
    queryFn: () => api<MwiStatus>(`/mailboxes/${selectedId}/mwi`),
  });
  const total = list.data?.total ?? 0;
  const policyName = (id: string | null) => (id ? policies.data?.items.find((p) => p.id === id)?.name ?? id : "None");

  const disable = useMutation({
    mutationFn: (m: Mailbox) => api<Mailbox>(`/mailboxes/${m.id}`, { method: "PATCH", body: { umEnabled: false } }),
    onSuccess: (m) => {
      announce(`${m.displayName} is no longer enabled for Unified Messaging; the phone's lamp is being switched off.`);
      void qc.invalidateQueries({ queryKey: ["mailboxes"] });
      void qc.invalidateQueries({ queryKey: ["mwi", m.id] });
    },
    onError: (e) => announce(e.message, "error"),
  });
  const refreshLamp = useMutation({
    mutationFn: (m: Mailbox) => api(`/mailboxes/${m.id}/mwi/refresh`, { method: "POST", body: {} }),
    onSuccess: (_r, m) => { announce(`${m.displayName}'s lamp state is being sent again.`); void qc.invalidateQueries({ queryKey: ["mwi", m.id] }); },
    onError: (e) => announce(e.message, "error"),
  });

  return (
    <>
      <ListPanel<Mailbox>
        label="Mailboxes"
        toolbar={<>
          <ToolbarButton label="Refresh" glyph="↻" onClick={() => void list.refetch()} />
          <input type="search" aria-label="Search mailboxes" placeholder="Search name, alias or extension"
            value={q} onChange={(e) => { setQ(e.target.value); setPage(1); }}
            className="ml-2 mr-3 w-72 border border-neutral-400 px-2 py-0.5" />
          <Button type="button" className="min-w-0 px-2 py-0.5" disabled={!selected || selected.umEnabled} onClick={() => setDialog("enable")}>Enable UM</Button>
          <Button type="button" className="min-w-0 px-2 py-0.5" disabled={!selected?.umEnabled} onClick={() => setDialog("edit")}>Edit UM settings</Button>
          <Button type="button" className="min-w-0 px-2 py-0.5" disabled={!selected?.umEnabled || disable.isPending} onClick={() => {
            if (selected && window.confirm(`Disable Unified Messaging for ${selected.displayName}? Their lamp is switched off and their voice mail settings stop applying.`)) disable.mutate(selected);
          }}>Disable UM</Button>
          <Button type="button" className="min-w-0 px-2 py-0.5" disabled={!selected} onClick={() => setDialog("effective")}>Effective settings</Button>
        </>}
        sort={sort}
        onSort={(key) => { setSort((s) => ({ key, order: s.key === key && s.order === "asc" ? "desc" : "asc" })); setPage(1); }}
        columns={[
          { header: "Display name", cell: (m) => m.displayName, sortKey: "displayName" },
          { header: "Alias", cell: (m) => m.alias, sortKey: "alias" },
          { header: "Extension", cell: (m) => m.extension ?? "", sortKey: "extension" },
          { header: "Unified Messaging", cell: (m) => (m.umEnabled ? "Enabled" : "Disabled") },
          { header: "Text message notifications", cell: (m) => m.umSmsNotificationOption },
        ]}
        rows={list.data?.items ?? []}
        selectedId={selectedId}
        onSelect={setSelectedId}
        onOpen={(id) => { setSelectedId(id); setDialog(list.data?.items.find((m) => m.id === id)?.umEnabled ? "edit" : "enable"); }}
        loading={list.isPending}
        error={list.error?.message}
        empty={q ? `No mailbox matches "${q}".` : "There are no mailboxes."}
        footer={<Pager total={total} noun="total" page={page} pageSize={PAGE_SIZE} onPage={setPage} className="" />}
        details={selected ? (
          <div>
            <h3 className="mb-3 text-xl font-light">{selected.displayName}</h3>
            <DetailRow label="Email">{selected.email}</DetailRow>
            <DetailRow label="Unified Messaging">{selected.umEnabled ? "Enabled" : "Disabled"}</DetailRow>
            {selected.umEnabled && <>
              <DetailRow label="UM mailbox policy">{policyName(selected.umMailboxPolicyId)}</DetailRow>
              <DetailRow label="Extensions">{[selected.extension, ...selected.extraExtensions].filter(Boolean).join(", ")}</DetailRow>
              {selected.sipResourceIdentifier && <DetailRow label="SIP resource identifier">{selected.sipResourceIdentifier}</DetailRow>}
              {selected.e164Number && <DetailRow label="E.164 number">{selected.e164Number}</DetailRow>}
            </>}
            <DetailRow label="Text message notifications (UMSMSNotificationOption)">{selected.umSmsNotificationOption}</DetailRow>
            <DetailRow label="Phone for text messages">{selected.phoneVerified ? "Verified by the user" : "Not set up"}</DetailRow>
            <DetailRow label="Message waiting indicator">
              {mwi.data ? <LampSummary mwi={mwi.data} audience="admin" /> : mwi.error ? mwi.error.message : "Loading…"}
              {selected.umEnabled && (
                <Button type="button" className="mt-1 min-w-0 px-2 py-0.5" disabled={refreshLamp.isPending} onClick={() => refreshLamp.mutate(selected)}>
                  Refresh lamp
                </Button>
              )}
            </DetailRow>
          </div>
        ) : <p className="text-neutral-500">Select a mailbox to see its Unified Messaging settings and lamp.</p>}
      />
      {selected && <>
        <UmMailboxDialog mailbox={selected} mode={dialog === "enable" ? "enable" : "edit"} open={dialog === "enable" || dialog === "edit"}
          onClose={() => setDialog(null)} onSaved={() => setDialog(null)} />
        <EffectiveSettingsDialog mailboxId={selected.id} displayName={selected.displayName} open={dialog === "effective"} onClose={() => setDialog(null)} />
      </>}
    </>
  );
}
