// What a mailbox's lamp shows and why; used by the EAC details pane and the OWA lamp panel.
import type { MwiStatus } from "./api-types";

export function LampSummary({ mwi, audience }: { mwi: MwiStatus; audience: "admin" | "user" }) {
  const lit = mwi.mwiAllowed && mwi.messagesWaiting;
  return (
    <div data-testid="lamp">
      <p className="mb-1 flex items-center gap-2">
        <span aria-hidden className={`inline-block h-3 w-3 rounded-full ${lit ? "bg-red-600 shadow-[0_0_6px_red]" : "bg-neutral-300"}`} />
        <span data-testid="lamp-state">{!mwi.mwiAllowed ? "Lamp off (message waiting indicator not allowed)" : lit ? "Lamp on" : "Lamp off"}</span>
      </p>
      <p className="mb-1" data-testid="lamp-counts">
        {mwi.newCount} new{mwi.newUrgentCount ? ` (${mwi.newUrgentCount} urgent)` : ""}, {mwi.oldCount} heard{mwi.oldUrgentCount ? ` (${mwi.oldUrgentCount} urgent)` : ""}
      </p>
      {!mwi.mwiAllowed && (
        <p className="mb-1 text-amber-800">
          {mwi.explanation} {audience === "user" ? "Your administrator can change this." : ""}
        </p>
      )}
      {audience === "admin" && mwi.lastAttempt && (
        <p className="text-xs text-neutral-600">
          Last NOTIFY: {mwi.lastAttempt.gatewayName} ({mwi.lastAttempt.transport} {mwi.lastAttempt.target}) —{" "}
          {mwi.lastAttempt.statusCode ? `${mwi.lastAttempt.statusCode} ${mwi.lastAttempt.reason ?? ""}` : mwi.lastAttempt.reason},{" "}
          {mwi.lastAttempt.latencyMs} ms, {new Date(mwi.lastAttempt.at).toLocaleString()}
        </p>
      )}
      {audience === "admin" && mwi.delivery.state !== "none" && (
        <p className="text-xs text-neutral-600">Delivery: {mwi.delivery.state}{mwi.delivery.detail ? ` — ${mwi.delivery.detail}` : ""}</p>
      )}
    </div>
  );
}
