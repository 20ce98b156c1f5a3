"use client";
// Resync controls: re-send the current lamp of everyone, a UM dial plan or a UM IP gateway, and
// follow the job's progress (polled while it runs).
import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "../api-client";
import { Button } from "../ui/button";
import type { DialPlan, IpGateway, Page } from "../api-types";
import type { ResyncJobDto } from "@/lib/services/mwi-resync";

type Scope = "All" | "DialPlan" | "Gateway";

export function ResyncProgress({ job }: { job: ResyncJobDto }) {
  const finished = job.done + job.failed;
  const pct = job.total > 0 ? Math.round((100 * finished) / job.total) : 100;
  const running = job.status === "running";
  return (
    <div data-testid="resync-progress" className="mb-2">
      <div className="mb-1">
        Resync of {job.scope === "All" ? "everyone" : `${job.scope === "DialPlan" ? "UM dial plan" : job.scope === "Gateway" ? "UM IP gateway" : "mailbox"} "${job.scopeName}"`}:{" "}
        <span data-testid="resync-status">{running ? "running" : "complete"}</span> — {finished} of {job.total} lamps
        {job.failed > 0 && <span className="text-red-700"> ({job.failed} failed)</span>}
      </div>
      <div role="progressbar" aria-label="Resync progress" aria-valuemin={0} aria-valuemax={job.total} aria-valuenow={finished}
        className="h-2 w-80 bg-neutral-200">
        <div className={`h-2 ${job.failed > 0 ? "bg-amber-600" : "bg-eac"}`} style={{ width: `${pct}%` }} />
      </div>
    </div>
  );
}

export function MwiResyncControls() {
  const qc = useQueryClient();
  const [scope, setScope] = useState<Scope>("All");
  const [targetId, setTargetId] = useState("");
  const [jobId, setJobId] = useState<string>();
  const dialPlans = useQuery({ queryKey: ["dial-plans"], queryFn: () => api<Page<DialPlan>>("/dial-plans?pageSize=500") });
  const gateways = useQuery({ queryKey: ["ip-gateways"], queryFn: () => api<Page<IpGateway>>("/ip-gateways?pageSize=500") });
  const job = useQuery({
    queryKey: ["mwi-resync", jobId],
    queryFn: () => api<ResyncJobDto>(`/mwi/resync/${jobId}`),
    enabled: !!jobId,
    // Live progress while the worker delivers; stop polling once the job is finished.
    refetchInterval: (q) => (q.state.data?.status === "running" || !q.state.data ? 1_000 : false),
  });
  const start = useMutation({
    mutationFn: () => api<ResyncJobDto>("/mwi/resync", { method: "POST", body: scope === "All" ? { scope } : { scope, id: targetId } }),
    onSuccess: (j) => {
      qc.setQueryData(["mwi-resync", j.id], j);
      setJobId(j.id);
      void qc.invalidateQueries({ queryKey: ["mwi-resync-recent"] });
    },
  });
  const options = scope === "DialPlan" ? dialPlans.data?.items ?? [] : scope === "Gateway" ? gateways.data?.items ?? [] : [];
  const needsTarget = scope !== "All";

  return (
    <section aria-labelledby="resync-heading" className="mb-5">
      <h3 id="resync-heading" className="mb-1 text-base font-semibold">Resync lamps</h3>
      <p className="mb-2 text-neutral-600">Re-send the current message waiting state now, at the gateways&apos; rate limit.</p>
      <form className="mb-2 flex flex-wrap items-end gap-2" onSubmit={(e) => { e.preventDefault(); start.mutate(); }}>
        <label className="flex flex-col text-xs text-neutral-600">
          Whose lamps
          <select value={scope} onChange={(e) => { setScope(e.target.value as Scope); setTargetId(""); }}
            className="mt-0.5 border border-neutral-400 px-1 py-1 text-[13px] text-neutral-800">
            <option value="All">Everyone</option>
            <option value="DialPlan">A UM dial plan</option>
            <option value="Gateway">A UM IP gateway</option>
          </select>
        </label>
        {needsTarget && (
          <label className="flex flex-col text-xs text-neutral-600">
            {scope === "DialPlan" ? "UM dial plan" : "UM IP gateway"}
            <select value={targetId} onChange={(e) => setTargetId(e.target.value)} required
              className="mt-0.5 min-w-48 border border-neutral-400 px-1 py-1 text-[13px] text-neutral-800">
              <option value="">Select…</option>
              {options.map((o) => <option key={o.id} value={o.id}>{o.name}</option>)}
            </select>
          </label>
        )}
        <Button type="submit" variant="primary" disabled={start.isPending || (needsTarget && !targetId)}>
          {scope === "All" ? "Resync everyone" : "Start resync"}
        </Button>
      </form>
      {start.error && <p role="alert" className="mb-2 text-red-700">{start.error.message}</p>}
      {job.data && <ResyncProgress job={job.data} />}
    </section>
  );
}

export function RecentResyncJobs() {
  const jobs = useQuery({
    queryKey: ["mwi-resync-recent"],
    queryFn: () => api<{ items: ResyncJobDto[] }>("/mwi/resync?pageSize=10"),
    refetchInterval: (q) => (q.state.data?.items.some((j) => j.status === "running") ? 2_000 : 15_000),
  });
  const items = jobs.data?.items ?? [];
  if (items.length === 0) return null;
  return (
    <table aria-label="Recent resyncs" className="mb-5 w-full max-w-3xl border-collapse text-left">
      <thead>
        <tr className="border-b border-neutral-300 text-xs uppercase text-neutral-600">
          <th scope="col" className="px-2 py-1 font-normal">Started</th>
          <th scope="col" className="px-2 py-1 font-normal">Scope</th>
          <th scope="col" className="px-2 py-1 font-normal">Progress</th>
          <th scope="col" className="px-2 py-1 font-normal">By</th>
        </tr>
      </thead>
      <tbody>
        {items.map((j) => (
          <tr key={j.id} className="border-b border-neutral-100">
            <td className="px-2 py-1">{new Date(j.createdAt).toLocaleString()}</td>
            <td className="px-2 py-1">{j.scope === "All" ? "Everyone" : `${j.scope}: ${j.scopeName}`}</td>
            <td className="px-2 py-1">{j.done + j.failed} of {j.total}{j.failed ? `, ${j.failed} failed` : ""} — {j.status}</td>
            <td className="px-2 py-1">{j.requestedBy}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
