"use client";
import { useState } from "react";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { api } from "../api-client";
import { Pager } from "../ui/pager";
import type { AuditEntry as Entry, Page } from "../api-types";


const TYPES = ["", "UMDialPlan", "UMMailboxPolicy", "UMIPGateway", "UMMailbox"];
const show = (v: unknown) => (v === null || v === undefined ? "(none)" : typeof v === "string" ? v : JSON.stringify(v));
const PAGE_SIZE = 50;

export function AuditLogPanel() {
  const [objectType, setObjectType] = useState("");
  const [actor, setActor] = useState("");
  const [q, setQ] = useState("");
  const [page, setPage] = useState(1);
  const params = new URLSearchParams({ page: String(page), pageSize: String(PAGE_SIZE) });
  if (objectType) params.set("objectType", objectType);
  if (actor) params.set("actor", actor);
  if (q) params.set("q", q);
  const log = useQuery({
    queryKey: ["audit-log", { objectType, actor, q, page }], placeholderData: keepPreviousData,
    queryFn: () => api<Page<Entry>>(`/audit-log?${params}`),
  });
  return (
    <div>
      <div role="search" aria-label="Filter the audit log" className="mb-2 flex flex-wrap items-end gap-3">
        <label className="flex flex-col text-xs">Object type
          <select value={objectType} onChange={(e) => { setObjectType(e.target.value); setPage(1); }} className="border border-neutral-400 bg-white px-1 py-0.5 text-[13px]">
            {TYPES.map((t) => <option key={t} value={t}>{t || "All"}</option>)}
          </select>
        </label>
        <label className="flex flex-col text-xs">Changed by
          <input value={actor} onChange={(e) => { setActor(e.target.value); setPage(1); }} className="border border-neutral-400 px-1 py-0.5 text-[13px]" />
        </label>
        <label className="flex flex-col text-xs">Object or cmdlet
          <input type="search" value={q} onChange={(e) => { setQ(e.target.value); setPage(1); }} className="border border-neutral-400 px-1 py-0.5 text-[13px]" />
        </label>
      </div>
      <table aria-label="Audit log" className="w-full border border-neutral-300 text-left">
        <thead>
          <tr className="border-b border-neutral-300 text-xs uppercase text-neutral-600">
            <th scope="col" className="px-2 py-1.5 font-normal">When</th>
            <th scope="col" className="px-2 py-1.5 font-normal">Changed by</th>
            <th scope="col" className="px-2 py-1.5 font-normal">Cmdlet</th>
            <th scope="col" className="px-2 py-1.5 font-normal">Object</th>
            <th scope="col" className="px-2 py-1.5 font-normal">Changes (old → new)</th>
          </tr>
        </thead>
        <tbody>
          {log.data?.items.map((e) => (
            <tr key={e.id} className="border-b border-neutral-200 align-top">
              <td className="px-2 py-1 whitespace-nowrap">{new Date(e.at).toLocaleString()}</td>
              <td className="px-2 py-1">{e.actor}</td>
              <td className="px-2 py-1">{e.action}</td>
              <td className="px-2 py-1">{e.objectName} <span className="text-xs text-neutral-500">({e.objectType})</span></td>
              <td className="px-2 py-1">
                <ul>
                  {Object.entries(e.changes).map(([field, c]) => (
                    <li key={field}><span className="text-neutral-600">{field}:</span> {show(c.old)} → {show(c.new)}</li>
                  ))}
                </ul>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {log.data?.items.length === 0 && <p className="p-3 text-neutral-500">No changes match.</p>}
      {log.error && <p role="alert" className="p-3 text-red-700">{log.error.message}</p>}
      <Pager total={log.data?.total ?? 0} noun="changes" page={page} pageSize={PAGE_SIZE} onPage={setPage} />
    </div>
  );
}
