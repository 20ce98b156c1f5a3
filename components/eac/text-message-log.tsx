"use client";
// Every text Lamplighter queued: to whom, why, and what became of it (queued, sent, delivered,
// failed + reason). Exchange showed none of this; passcodes are masked.
import { useState } from "react";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { api } from "../api-client";
import { Pager } from "../ui/pager";

interface Text {
  id: string; mailbox: string; kind: string; toNumber: string; body: string; status: string; reason: string | null;
  attempts: number; createdAt: string; sentAt: string | null;
}
const KIND: Record<string, string> = { voicemail: "Voice mail", missedcall: "Missed call", passcode: "Passcode" };
const PAGE_SIZE = 50;

export function TextMessageLog() {
  const [page, setPage] = useState(1);
  const log = useQuery({
    queryKey: ["text-messages", page], placeholderData: keepPreviousData, refetchInterval: 5_000,
    queryFn: () => api<{ items: Text[]; total: number; provider: string }>(`/text-messages?page=${page}&pageSize=${PAGE_SIZE}`),
  });
  return (
    <div>
      {log.data && <p className="mb-2 text-neutral-600">SMS provider: <strong>{log.data.provider}</strong>{log.data.provider === "outbox" ? " — texts stay on this server; users see them in their test phone inbox." : ""}</p>}
      <table aria-label="Text message log" className="w-full border border-neutral-300 text-left">
        <thead>
          <tr className="border-b border-neutral-300 text-xs uppercase text-neutral-600">
            {["Queued", "Mailbox", "Kind", "To", "Text", "Status"].map((h) => <th key={h} scope="col" className="px-2 py-1.5 font-normal">{h}</th>)}
          </tr>
        </thead>
        <tbody>
          {log.data?.items.map((t) => (
            <tr key={t.id} className="border-b border-neutral-200 align-top">
              <td className="px-2 py-1 whitespace-nowrap">{new Date(t.createdAt).toLocaleString()}</td>
              <td className="px-2 py-1">{t.mailbox}</td>
              <td className="px-2 py-1">{KIND[t.kind] ?? t.kind}</td>
              <td className="px-2 py-1">{t.toNumber}</td>
              <td className="px-2 py-1">{t.body}</td>
              <td className="px-2 py-1">{t.status}{t.reason ? ` — ${t.reason}` : ""}{t.attempts > 1 ? ` (${t.attempts} attempts)` : ""}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {log.data?.items.length === 0 && <p className="p-3 text-neutral-500">No text messages yet.</p>}
      {log.error && <p role="alert" className="p-3 text-red-700">{log.error.message}</p>}
      <Pager total={log.data?.total ?? 0} noun="texts" page={page} pageSize={PAGE_SIZE} onPage={setPage} />
    </div>
  );
}
