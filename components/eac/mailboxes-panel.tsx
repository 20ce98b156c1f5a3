"use client";
import { useState } from "react";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { api } from "../api-client";
import { Button, ToolbarButton } from "../ui/button";
import { DetailRow, ListPanel } from "../ui/list-panel";
import { LampSummary } from "../lamp-summary";
import type { Mailbox, MwiStatus, Page } from "../api-types";

const PAGE_SIZE = 50;

export function MailboxesPanel() {
  const [q, setQ] = useState("");
  const [page, setPage] = useState(1);
  const [selectedId, setSelectedId] = useState<string>();
  const list = useQuery({
    queryKey: ["mailboxes", { q, page }], placeholderData: keepPreviousData,
    queryFn: () => api<Page<Mailbox>>(`/mailboxes?q=${encodeURIComponent(q)}&page=${page}&pageSize=${PAGE_SIZE}`),
  });
  const selected = list.data?.items.find((m) => m.id === selectedId);
  const mwi = useQuery({
    queryKey: ["mwi", selectedId], enabled: Boolean(selectedId),
    queryFn: () => api<MwiStatus>(`/mailboxes/${selectedId}/mwi`),
  });
  const total = list.data?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));

  return (
    <ListPanel<Mailbox>
      label="Mailboxes"
      toolbar={<>
        <ToolbarButton label="Refresh" glyph="↻" onClick={() => void list.refetch()} />
        <input type="search" aria-label="Search mailboxes" placeholder="Search name, alias or extension"
          value={q} onChange={(e) => { setQ(e.target.value); setPage(1); }}
          className="ml-2 w-72 border border-neutral-400 px-2 py-0.5" />
      </>}
      columns={[
        { header: "Display name", cell: (m) => m.displayName },
        { header: "Alias", cell: (m) => m.alias },
        { header: "Extension", cell: (m) => m.extension ?? "" },
        { header: "Unified Messaging", cell: (m) => (m.umEnabled ? "Enabled" : "Disabled") },
        { header: "Text message notifications", cell: (m) => m.umSmsNotificationOption },
      ]}
      rows={list.data?.items ?? []}
      selectedId={selectedId}
      onSelect={setSelectedId}
      loading={list.isPending}
      error={list.error?.message}
      empty={q ? `No mailbox matches "${q}".` : "There are no mailboxes."}
      footer={
        <span className="flex items-center gap-3">
          <span>{total} total</span>
          <Button type="button" className="min-w-0 px-2 py-0" disabled={page <= 1} onClick={() => setPage(page - 1)}>‹ Previous</Button>
          <span>Page {page} of {pages}</span>
          <Button type="button" className="min-w-0 px-2 py-0" disabled={page >= pages} onClick={() => setPage(page + 1)}>Next ›</Button>
        </span>
      }
      details={selected ? (
        <div>
          <h3 className="mb-3 text-xl font-light">{selected.displayName}</h3>
          <DetailRow label="Email">{selected.email}</DetailRow>
          <DetailRow label="Unified Messaging">{selected.umEnabled ? `Enabled, extension ${selected.extension}` : "Disabled"}</DetailRow>
          <DetailRow label="Text message notifications (UMSMSNotificationOption)">{selected.umSmsNotificationOption}</DetailRow>
          <DetailRow label="Message waiting indicator">
            {mwi.data ? <LampSummary mwi={mwi.data} audience="admin" /> : mwi.error ? mwi.error.message : "Loading…"}
          </DetailRow>
        </div>
      ) : <p className="text-neutral-500">Select a mailbox to see its Unified Messaging settings and lamp.</p>}
    />
  );
}
