"use client";
// The voice-mail page's Notifications: "Set up notifications" until a phone is verified, then the
// two choices — each offered only as far as the admin's settings allow, with a plain sentence
// (and who can change it) when they don't.
import Link from "next/link";
import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "../api-client";
import type { TextMessaging } from "../api-types";
import { useAnnounce } from "../ui/announcer";
import { CheckboxField } from "../ui/field";

type Verdict = TextMessaging["allowed"]["voiceMail"];

function why(v: Verdict, what: string): string | null {
  if (v.allowed) return null;
  return v.changedBy === "admin"
    ? `Text messages for ${what} are turned off by your administrator: ${v.explanation} Ask your administrator if you need them.`
    : null;
}

type Choices = Pick<TextMessaging, "voiceMailNotifications" | "missedCallNotifications">;

export function NotificationChoices() {
  const qc = useQueryClient();
  const announce = useAnnounce();
  // The box follows the click in the same render (React state set in the event handler), not
  // after the mutation's first asynchronous step: until the save settles, what was clicked shows.
  const [clicked, setClicked] = useState<Partial<Choices>>({});
  const q = useQuery({ queryKey: ["text-messaging"], queryFn: () => api<TextMessaging>("/me/text-messaging") });
  const save = useMutation({
    mutationFn: (body: Partial<Choices>) =>
      api<TextMessaging>("/me/text-messaging", { method: "PATCH", body }),
    // The box follows the click at once; a failed save puts it back.
    onMutate: async (body) => {
      // A refetch started before the click (on mount or focus) must not land after it and put
      // the box back to its old state.
      await qc.cancelQueries({ queryKey: ["text-messaging"] });
      const before = qc.getQueryData<TextMessaging>(["text-messaging"]);
      if (before) qc.setQueryData(["text-messaging"], { ...before, ...body });
      return { before };
    },
    onSuccess: (s) => { qc.setQueryData(["text-messaging"], s); announce("Your notification choices were saved."); },
    onError: (e, _body, ctx) => { if (ctx?.before) qc.setQueryData(["text-messaging"], ctx.before); announce(e.message, "error"); },
    onSettled: () => setClicked({}),
  });
  const choose = (body: Partial<Choices>) => {
    setClicked((c) => ({ ...c, ...body }));
    save.mutate(body);
  };
  const s = q.data;
  return (
    <section id="notifications" aria-labelledby="notif-h" className="mb-6 border border-neutral-200 p-4">
      <h3 id="notif-h" className="mb-2 text-lg">Notifications</h3>
      {!s ? <p>{q.error ? q.error.message : "Loading…"}</p> : <>
        {why(s.allowed.voiceMail, "voice mail") && <p data-testid="sms-blocked" className="mb-2 text-amber-800">{why(s.allowed.voiceMail, "voice mail")}</p>}
        {s.step !== "on" ? (
          s.allowed.voiceMail.allowed || s.allowed.missedCalls.allowed ? (
            <p>To get text messages about voice mail and missed calls, <Link href="/owa/options/phone/text-messaging" className="text-owa underline">set up notifications</Link>.</p>
          ) : null
        ) : <>
          <p className="mb-2 text-sm text-neutral-700">Texts go to {s.phoneNumber}.</p>
          {s.allowed.voiceMail.allowed && (
            <CheckboxField label="Text me when I get voice mail" checked={clicked.voiceMailNotifications ?? s.voiceMailNotifications}
              disabled={save.isPending} onChange={(v) => choose({ voiceMailNotifications: v })} />
          )}
          {s.allowed.missedCalls.allowed ? (
            <CheckboxField label="Text me when I miss a call" checked={clicked.missedCallNotifications ?? s.missedCallNotifications}
              disabled={save.isPending} onChange={(v) => choose({ missedCallNotifications: v })} />
          ) : s.allowed.voiceMail.allowed && <p className="text-sm text-neutral-700">{why(s.allowed.missedCalls, "missed calls")}</p>}
        </>}
      </>}
    </section>
  );
}
