"use client";
import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { api } from "../api-client";
import { ToolbarButton } from "../ui/button";
import { DetailRow, ListPanel } from "../ui/list-panel";
import type { DialPlan, IpGateway, Page } from "../api-types";

export function DialPlansPanel() {
  const plans = useQuery({ queryKey: ["dial-plans"], queryFn: () => api<Page<DialPlan>>("/dial-plans?pageSize=500") });
  const [selectedId, setSelectedId] = useState<string>();
  const selected = plans.data?.items.find((p) => p.id === selectedId);
  const gateways = useQuery({
    queryKey: ["ip-gateways", { dialPlanId: selectedId }], enabled: Boolean(selectedId),
    queryFn: () => api<Page<IpGateway>>(`/ip-gateways?dialPlanId=${selectedId}&pageSize=500`),
  });
  return (
    <ListPanel<DialPlan>
      label="UM dial plans"
      toolbar={<ToolbarButton label="Refresh" glyph="↻" onClick={() => void plans.refetch()} />}
      columns={[
        { header: "Name", cell: (p) => p.name },
        { header: "Extension length", cell: (p) => p.numberOfDigitsInExtension },
        { header: "URI type", cell: (p) => p.uriType },
        { header: "VoIP security", cell: (p) => p.voipSecurity },
        { header: "Country code", cell: (p) => p.countryOrRegionCode },
      ]}
      rows={plans.data?.items ?? []}
      selectedId={selectedId}
      onSelect={setSelectedId}
      loading={plans.isPending}
      error={plans.error?.message}
      empty="There are no UM dial plans. Create one with POST /api/v1/dial-plans."
      footer={`${plans.data?.items.length ?? 0} of ${plans.data?.total ?? 0} total`}
      details={selected ? (
        <div>
          <h3 className="mb-3 text-xl font-light">{selected.name}</h3>
          <DetailRow label="Extension length">{selected.numberOfDigitsInExtension} digits</DetailRow>
          <DetailRow label="URI type">{selected.uriType}</DetailRow>
          <DetailRow label="VoIP security">{selected.voipSecurity} ({selected.voipSecurity === "Unsecured" ? "SIP over TCP" : "SIP over TLS"})</DetailRow>
          <DetailRow label="UM IP gateways (in the order MWI tries them)">
            {gateways.data?.items.length ? (
              <ol className="list-decimal pl-5">{gateways.data.items.map((g) => <li key={g.id}>{g.name} ({g.address}:{g.port})</li>)}</ol>
            ) : "None"}
          </DetailRow>
        </div>
      ) : <p className="text-neutral-500">Select a UM dial plan to see its details.</p>}
    />
  );
}
