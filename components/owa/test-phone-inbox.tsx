"use client";
// What the user's phone would have received: with SMS_PROVIDER=outbox nothing leaves the machine,
// so the demo (and the tests) read texts here.
import { useQuery } from "@tanstack/react-query";
import { api } from "../api-client";

interface Text { id: string; kind: string; toNumber: string; body: string; status: string; createdAt: string }

export function TestPhoneInbox() {
  const inbox = useQuery({ queryKey: ["test-phone-inbox"], queryFn: () => api<{ items: Text[] }>("/me/test-phone-inbox"), refetchInterval: 2_000 });
  return (
    <div className="max-w-2xl">
      <h2 className="mb-2 text-3xl font-light">test phone inbox</h2>
      <p className="mb-4 text-neutral-600">Text messages aren&apos;t sent to real phones on this server (SMS provider &quot;outbox&quot;). This is what your phone would show.</p>
      {inbox.error && <p role="alert" className="text-red-700">{inbox.error.message}</p>}
      {inbox.data?.items.length === 0 && <p className="text-neutral-500">No text messages yet.</p>}
      <ul aria-label="Text messages" className="space-y-2">
        {inbox.data?.items.map((t) => (
          <li key={t.id} data-testid="text-message" className="rounded-lg bg-neutral-100 px-3 py-2">
            <p className="whitespace-pre-wrap">{t.body}</p>
            <p className="mt-1 text-xs text-neutral-600">to {t.toNumber} · {new Date(t.createdAt).toLocaleString()} · {t.status}</p>
          </li>
        ))}
      </ul>
    </div>
  );
}
