"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "../api-client";
import type { Mailbox, MwiStatus, Page } from "../api-types";
import type { VoiceMessageDto as VoiceMessage } from "@/lib/services/voice-messages";
import { LampSummary } from "../lamp-summary";
import { NotificationChoices } from "./notification-choices";

function duration(s: number) {
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

export function VoiceMailPage() {
  const qc = useQueryClient();
  const me = useQuery({ queryKey: ["me"], queryFn: () => api<{ mailbox: Mailbox | null }>("/me") });
  const id = me.data?.mailbox?.id;
  const messages = useQuery({
    queryKey: ["voice-messages", id], enabled: Boolean(id),
    queryFn: () => api<Page<VoiceMessage>>(`/mailboxes/${id}/voice-messages?pageSize=200`),
  });
  // The lamp follows the worker's delivery; poll so "last NOTIFY" catches up without a reload.
  const mwi = useQuery({
    queryKey: ["mwi", id], enabled: Boolean(id), refetchInterval: 5_000,
    queryFn: () => api<MwiStatus>(`/mailboxes/${id}/mwi`),
  });
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: ["voice-messages", id] });
    void qc.invalidateQueries({ queryKey: ["mwi", id] });
  };
  const setHeard = useMutation({
    mutationFn: (v: { id: string; heard: boolean }) => api(`/voice-messages/${v.id}`, { method: "PATCH", body: { heard: v.heard } }),
    onSettled: refresh,
  });
  const remove = useMutation({
    mutationFn: (messageId: string) => api(`/voice-messages/${messageId}`, { method: "DELETE" }),
    onSettled: refresh,
  });

  if (me.isPending) return <p>Loading…</p>;
  if (!me.data?.mailbox) return <p>Your account has no mailbox, so there is no voice mail to show.</p>;
  const error = setHeard.error ?? remove.error;

  return (
    <div className="max-w-4xl">
      <h2 className="mb-4 text-3xl font-light">voice mail</h2>
      <section aria-labelledby="lamp-h" className="mb-6 border border-neutral-200 p-4">
        <h3 id="lamp-h" className="mb-2 text-lg">Your phone&apos;s message light</h3>
        {mwi.data ? <LampSummary mwi={mwi.data} audience="user" /> : <p>Loading…</p>}
      </section>
      <NotificationChoices />
      <section aria-labelledby="vm-h">
        <h3 id="vm-h" className="mb-2 text-lg">Voice messages</h3>
        {error && <p role="alert" className="mb-2 text-red-700">{error.message}</p>}
        {messages.data?.items.length === 0 && <p className="text-neutral-500">You have no voice messages.</p>}
        <ul className="divide-y divide-neutral-200 border-y border-neutral-200" aria-label="Voice messages">
          {messages.data?.items.map((m) => (
            <li key={m.id} data-testid="voice-message" data-heard={m.heard} className="flex items-start gap-4 py-2">
              <div className="min-w-0 flex-1">
                <p className={m.heard ? "" : "font-semibold"}>
                  {m.callerId}
                  {m.urgent && <span className="ml-2 text-red-700">! Urgent</span>}
                  {m.protected && <span className="ml-2 text-neutral-600">Protected</span>}
                </p>
                <p className="text-xs text-neutral-500">{new Date(m.receivedAt).toLocaleString()} · {duration(m.durationSeconds)}</p>
                {m.preview && !m.protected && <p className="mt-1 text-neutral-700">{m.preview}</p>}
              </div>
              <button type="button" className="text-owa hover:underline" disabled={setHeard.isPending}
                onClick={() => setHeard.mutate({ id: m.id, heard: !m.heard })}>
                {m.heard ? "Mark as unheard" : "Mark as heard"}
              </button>
              <button type="button" className="text-owa hover:underline" disabled={remove.isPending}
                onClick={() => { if (window.confirm("Delete this voice message?")) remove.mutate(m.id); }}>
                Delete
              </button>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
