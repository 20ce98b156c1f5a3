"use client";
// EAC › MWI delivery: per-gateway health, NOTIFYs per minute, resync with live progress, and the
// failures an admin has to act on. Refreshed every few seconds while open.
import { useQuery } from "@tanstack/react-query";
import { api } from "../api-client";
import { ToolbarButton } from "../ui/button";
import type { DeliveryHealthDto, GatewayHealthDto } from "@/lib/services/mwi-delivery-health";
import { MwiDeliveryChart } from "./mwi-delivery-chart";
import { MwiResyncControls, RecentResyncJobs } from "./mwi-delivery-resync";

function health(g: GatewayHealthDto): { label: string; tone: string } {
  if (g.status === "Disabled") return { label: "Disabled", tone: "text-neutral-500" };
  if (!g.messageWaitingIndicatorAllowed) return { label: "MWI blocked", tone: "text-neutral-500" };
  if (!g.lastAttempt) return { label: "No NOTIFYs yet", tone: "text-neutral-500" };
  if (g.consecutiveFailures >= 3) return { label: "Failing", tone: "text-red-700" };
  if (!g.lastAttempt.ok) return { label: "Degraded", tone: "text-amber-700" };
  return { label: "Healthy", tone: "text-green-700" };
}

export function MwiDeliveryPage() {
  const q = useQuery({
    queryKey: ["mwi-delivery-health"],
    queryFn: () => api<DeliveryHealthDto>("/mwi/delivery-health"),
    refetchInterval: 5_000,
  });
  const d = q.data;
  return (
    <div className="max-w-5xl pb-8">
      <div className="mb-2 flex items-center gap-3">
        <h2 className="text-2xl font-light text-neutral-700">MWI delivery</h2>
        <ToolbarButton label="Refresh" glyph="↻" onClick={() => void q.refetch()} />
        {d && <span className="text-xs text-neutral-500">{d.pending} NOTIFY{d.pending === 1 ? "" : "s"} waiting · updated {new Date(d.generatedAt).toLocaleTimeString()}</span>}
      </div>
      {q.error && <p role="alert" className="mb-2 text-red-700">{q.error.message}</p>}
      {q.isPending && <p className="text-neutral-500">Loading…</p>}

      {d && (
        <>
          <section aria-labelledby="gw-heading" className="mb-5">
            <h3 id="gw-heading" className="mb-1 text-base font-semibold">UM IP gateways</h3>
            <table aria-label="Gateway health" className="w-full border-collapse border border-neutral-300 text-left">
              <thead>
                <tr className="border-b border-neutral-300 text-xs uppercase text-neutral-600">
                  {["Gateway", "Health", "Last attempt", "Success (1 h)", "p50 latency (1 h)", "Consecutive failures"].map((h) =>
                    <th key={h} scope="col" className="px-2 py-1.5 font-normal">{h}</th>)}
                </tr>
              </thead>
              <tbody>
                {d.gateways.map((g) => {
                  const h = health(g);
                  return (
                    <tr key={g.id} className="border-b border-neutral-100">
                      <td className="px-2 py-1">{g.name} <span className="text-xs text-neutral-500">{g.address}:{g.port}</span></td>
                      <td className={`px-2 py-1 ${h.tone}`}>{h.label}</td>
                      <td className="px-2 py-1">
                        {g.lastAttempt ? `${new Date(g.lastAttempt.at).toLocaleTimeString()} — ${g.lastAttempt.result}` : "—"}
                      </td>
                      <td className="px-2 py-1">
                        {g.successRate === null ? "—" : `${(100 * g.successRate).toFixed(g.successRate === 1 ? 0 : 1)} % of ${g.attemptsLastHour}`}
                      </td>
                      <td className="px-2 py-1">{g.p50LatencyMs === null ? "—" : `${g.p50LatencyMs} ms`}</td>
                      <td className={`px-2 py-1 ${g.consecutiveFailures > 0 ? "text-red-700" : ""}`}>{g.consecutiveFailures}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
            {d.gateways.length === 0 && <p className="p-2 text-neutral-500">There are no UM IP gateways.</p>}
          </section>

          <section aria-labelledby="rate-heading" className="mb-3">
            <h3 id="rate-heading" className="mb-1 text-base font-semibold">NOTIFYs per minute</h3>
            <MwiDeliveryChart points={d.rate} />
          </section>
        </>
      )}

      <MwiResyncControls />
      <RecentResyncJobs />

      {d && (
        <section aria-labelledby="fail-heading">
          <h3 id="fail-heading" className="mb-1 text-base font-semibold">Failures</h3>
          {d.failures.length === 0 ? <p className="text-neutral-500">No delivery has failed.</p> : (
            <table aria-label="Delivery failures" className="w-full border-collapse border border-neutral-300 text-left">
              <thead>
                <tr className="border-b border-neutral-300 text-xs uppercase text-neutral-600">
                  {["When", "Mailbox", "Gateway", "Reason"].map((h) => <th key={h} scope="col" className="px-2 py-1.5 font-normal">{h}</th>)}
                </tr>
              </thead>
              <tbody>
                {d.failures.map((f) => (
                  <tr key={f.id} className="border-b border-neutral-100 align-top">
                    <td className="whitespace-nowrap px-2 py-1">{new Date(f.at).toLocaleString()}</td>
                    <td className="px-2 py-1">{f.mailboxName ?? "—"}</td>
                    <td className="px-2 py-1">{f.gatewayName ?? "—"}</td>
                    <td className="px-2 py-1">{f.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      )}
    </div>
  );
}
