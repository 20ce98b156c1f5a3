"use client";
// Who gets a lamp and texts, and why: every switch with its state, from the same rules the
// sip-worker applies.
import { useQuery } from "@tanstack/react-query";
import { api } from "../api-client";
import { Dialog, Section } from "../ui/dialog";
import type { EffectiveSettings } from "../api-types";

type Check = EffectiveSettings["mwi"]["checks"][number];
type Verdict = EffectiveSettings["sms"]["voiceMail"];

function Checks({ label, checks }: { label: string; checks: Check[] }) {
  return (
    <table aria-label={label} className="mb-3 w-full text-left">
      <thead><tr className="text-xs uppercase text-neutral-600"><th className="py-1 font-normal">Setting</th><th className="font-normal">Where</th><th className="font-normal">Value</th></tr></thead>
      <tbody>
        {checks.map((c) => (
          <tr key={`${c.object}/${c.setting}`} className="border-t border-neutral-200">
            <td className="py-1">{c.setting}</td>
            <td>{c.object}</td>
            <td className={c.ok ? "text-green-800" : "font-semibold text-red-800"}>{c.ok ? "✓" : "✗"} {c.value}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function verdict(v: Verdict, what: string) {
  return v.allowed ? `Texts for ${what}: yes.` : `Texts for ${what}: no. ${v.explanation} (${v.changedBy === "admin" ? "an admin" : "the user"} can change this)`;
}

export function EffectiveSettingsDialog({ mailboxId, displayName, open, onClose }: {
  mailboxId: string; displayName: string; open: boolean; onClose: () => void;
}) {
  const q = useQuery({
    queryKey: ["effective-settings", mailboxId], enabled: open,
    queryFn: () => api<EffectiveSettings>(`/mailboxes/${mailboxId}/effective-settings`),
  });
  const s = q.data;
  return (
    <Dialog title={`Effective settings: ${displayName}`} open={open} onClose={onClose} wide>
      {q.error && <p role="alert" className="text-red-700">{q.error.message}</p>}
      {!s ? <p>Loading…</p> : <>
        <Section title="Message waiting indicator">
          <p data-testid="mwi-verdict" className={`mb-2 ${s.mwi.allowed ? "text-green-900" : "text-red-800"}`}>
            {s.mwi.allowed ? "This mailbox's lamp is lit through its dial plan's gateways." : `No lamp: ${s.mwi.explanation}`}
          </p>
          <Checks label="Message waiting indicator settings" checks={s.mwi.checks} />
        </Section>
        <Section title="Text message notifications">
          <p data-testid="sms-verdict" className="mb-1">{verdict(s.sms.voiceMail, "voice mail")}</p>
          <p className="mb-2">{verdict(s.sms.missedCalls, "missed calls")}</p>
          <Checks label="Text message notification settings" checks={s.sms.checks} />
        </Section>
      </>}
    </Dialog>
  );
}
