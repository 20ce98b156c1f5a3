"use client";
import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "../api-client";
import { ToolbarButton } from "../ui/button";
import { TrashIcon } from "../ui/icons";
import { useAnnounce } from "../ui/announcer";
import { DetailRow, ListPanel } from "../ui/list-panel";
import { IpGatewayDialog } from "./ip-gateway-dialog";
import type { DialPlan, IpGateway, Page } from "../api-types";

export function IpGatewaysPanel() {
  const qc = useQueryClient();
  const gateways = useQuery({ queryKey: ["ip-gateways"], queryFn: () => api<Page<IpGateway>>("/ip-gateways?pageSize=500") });
  const dialPlans = useQuery({ queryKey: ["dial-plans"], queryFn: () => api<Page<DialPlan>>("/dial-plans?pageSize=500") });
  const [selectedId, setSelectedId] = useState<string>();
  const [dialog, setDialog] = useState<{ open: boolean; editing?: IpGateway }>({ open: false });
  const announce = useAnnounce();

  const rows = gateways.data?.items ?? [];
  const plans = dialPlans.data?.items ?? [];
  const planName = (id: string) => plans.find((p) => p.id === id)?.name ?? id;
  const selected = rows.find((g) => g.id === selectedId);

  const remove = useMutation({
    mutationFn: (g: IpGateway) => api<void>(`/ip-gateways/${g.id}`, { method: "DELETE" }),
    onSuccess: (_r, g) => { announce(`UM IP gateway "${g.name}" was removed.`); setSelectedId(undefined); void qc.invalidateQueries({ queryKey: ["ip-gateways"] }); },
    onError: (e) => announce(e.message, "error"),
  });

  const open = (id?: string) => setDialog({ open: true, editing: rows.find((g) => g.id === id) });

  return (
    <>
      <ListPanel<IpGateway>
        label="UM IP gateways"
        toolbar={<>
          <ToolbarButton label="New" glyph="+" onClick={() => open()} />
          <ToolbarButton label="Edit" glyph="✎" disabled={!selected} onClick={() => open(selectedId)} />
          <ToolbarButton label="Delete" glyph={<TrashIcon />} disabled={!selected || remove.isPending} onClick={() => {
            if (selected && window.confirm(`Are you sure you want to delete UM IP gateway "${selected.name}"?`)) remove.mutate(selected);
          }} />
          <ToolbarButton label="Refresh" glyph="↻" onClick={() => void gateways.refetch()} />
        </>}
        columns={[
          { header: "Name", cell: (g) => g.name },
          { header: "Address", cell: (g) => g.address },
          { header: "Port", cell: (g) => g.port },
          { header: "Status", cell: (g) => g.status },
          { header: "MWI", cell: (g) => (g.messageWaitingIndicatorAllowed ? "Allowed" : "Blocked") },
          { header: "UM dial plans", cell: (g) => g.dialPlanIds.map(planName).join(", ") },
        ]}
        rows={rows}
        selectedId={selectedId}
        onSelect={setSelectedId}
        onOpen={open}
        loading={gateways.isPending}
        error={gateways.error?.message}
        empty="There are no UM IP gateways. Select New (+) to add the IP PBX or VoIP gateway that lights your users' lamps."
        footer={`${rows.length} of ${gateways.data?.total ?? 0} total`}
        details={selected ? (
          <div>
            <h3 className="mb-3 text-xl font-light">{selected.name}</h3>
            <DetailRow label="Address">{selected.address}:{selected.port}</DetailRow>
            <DetailRow label="Status">{selected.status}</DetailRow>
            <DetailRow label="Message waiting indicator">
              {selected.messageWaitingIndicatorAllowed ? "Allowed: SIP NOTIFYs go through this gateway." : "Blocked: no lamps are lit through this gateway."}
            </DetailRow>
            <DetailRow label="Outgoing calls">{selected.outcallsAllowed ? "Allowed" : "Not allowed"}</DetailRow>
            <DetailRow label="IP address family">{selected.ipAddressFamily}</DetailRow>
            <DetailRow label="SIP transport">{selected.transport ?? "By the dial plan's VoIP security"}</DetailRow>
            <DetailRow label="UM dial plans">{selected.dialPlanIds.length ? selected.dialPlanIds.map(planName).join(", ") : "None"}</DetailRow>
          </div>
        ) : <p className="text-neutral-500">Select a UM IP gateway to see its details.</p>}
      />
      <IpGatewayDialog
        open={dialog.open} gateway={dialog.editing} dialPlans={plans}
        onClose={() => setDialog({ open: false })}
        onSaved={(g) => { setDialog({ open: false }); setSelectedId(g.id); }}
      />
    </>
  );
}
