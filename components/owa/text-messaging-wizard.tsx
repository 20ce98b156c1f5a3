"use client";
// OWA › Options › Phone › Text messaging: Turn on notifications › Locale › Mobile operator › Next ›
// phone number › Next → passcode texted › Passcode › Finish → "Set up voice mail notifications".
// Where the user is comes from the server (number waiting for a passcode, or verified); the
// choices made before the number is sent are kept in sessionStorage, so a reload loses nothing.
import Link from "next/link";
import { useEffect, useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, ApiError, type FieldErrors } from "../api-client";
import type { TextMessaging } from "../api-types";
import { useAnnounce } from "../ui/announcer";
import { Button } from "../ui/button";
import { SelectField, TextField } from "../ui/field";

interface Draft { sub: "intro" | "operator" | "number"; locale: string; mobileOperator: string; phoneNumber: string }
const DRAFT_KEY = "lamplighter.text-messaging.draft";
const EMPTY: Draft = { sub: "intro", locale: "en-US", mobileOperator: "", phoneNumber: "" };

function useDraft(): [Draft, (d: Partial<Draft>) => void, () => void] {
  const [draft, setDraft] = useState<Draft>(EMPTY);
  useEffect(() => {
    const saved = sessionStorage.getItem(DRAFT_KEY);
    if (saved) setDraft({ ...EMPTY, ...(JSON.parse(saved) as Partial<Draft>) });
  }, []);
  const update = (d: Partial<Draft>) => setDraft((cur) => {
    const next = { ...cur, ...d };
    sessionStorage.setItem(DRAFT_KEY, JSON.stringify(next));
    return next;
  });
  const clear = () => { sessionStorage.removeItem(DRAFT_KEY); setDraft(EMPTY); };
  return [draft, update, clear];
}

export function TextMessagingWizard() {
  const qc = useQueryClient();
  const announce = useAnnounce();
  const state = useQuery({ queryKey: ["text-messaging"], queryFn: () => api<TextMessaging>("/me/text-messaging") });
  const [draft, setDraft, clearDraft] = useDraft();
  const [errors, setErrors] = useState<FieldErrors>({});
  const [passcode, setPasscode] = useState("");
  const [changing, setChanging] = useState(false);

  const onError = (e: Error) => {
    if (e instanceof ApiError && Object.keys(e.fields).length) setErrors(e.fields);
    else setErrors({ form: e.message });
  };
  const done = (s: TextMessaging) => { qc.setQueryData(["text-messaging"], s); setErrors({}); };
  const start = useMutation({
    mutationFn: () => api<TextMessaging>("/me/text-messaging", { method: "PUT", body: { locale: draft.locale, mobileOperator: draft.mobileOperator, phoneNumber: draft.phoneNumber } }),
    onSuccess: (s) => { done(s); clearDraft(); setChanging(false); announce(`A passcode was texted to ${s.phoneNumber}.`); },
    onError,
  });
  const resend = useMutation({
    mutationFn: () => api<TextMessaging>("/me/text-messaging/passcode", { method: "POST", body: {} }),
    onSuccess: (s) => { done(s); announce(`A new passcode was texted to ${s.phoneNumber}.`); },
    onError,
  });
  const verify = useMutation({
    mutationFn: () => api<TextMessaging>("/me/text-messaging/verify", { method: "POST", body: { passcode } }),
    onSuccess: (s) => { done(s); setPasscode(""); announce("Text messaging is set up."); },
    onError,
  });
  const turnOff = useMutation({
    mutationFn: () => api<TextMessaging>("/me/text-messaging", { method: "DELETE" }),
    onSuccess: (s) => { done(s); clearDraft(); announce("Text message notifications are off."); },
    onError,
  });

  const s = state.data;
  if (!s) return <p>{state.error ? state.error.message : "Loading…"}</p>;
  const locale = s.locales.find((l) => l.id === draft.locale) ?? s.locales[0];
  const step = changing ? "off" : s.step;

  return (
    <div className="max-w-2xl">
      <h2 className="mb-4 text-3xl font-light">text messaging</h2>
      {errors.form && <p role="alert" className="mb-3 border border-red-300 bg-red-50 px-3 py-2 text-red-800">{errors.form}</p>}

      {step === "off" && draft.sub === "intro" && (
        <section aria-label="Text messaging is off">
          <p className="mb-3">Get a text message on your mobile phone when you get voice mail or miss a call.</p>
          <Button variant="primary" type="button" onClick={() => setDraft({ sub: "operator" })}>Turn on notifications</Button>
          {changing && <Button type="button" className="ml-2" onClick={() => setChanging(false)}>Cancel</Button>}
        </section>
      )}

      {step === "off" && draft.sub === "operator" && (
        <form aria-label="Step 1 of 3" onSubmit={(e) => { e.preventDefault(); if (!draft.mobileOperator) setErrors({ mobileOperator: "Choose your mobile operator." }); else { setErrors({}); setDraft({ sub: "number" }); } }} noValidate>
          <SelectField label="Locale" value={draft.locale} onChange={(v) => setDraft({ locale: v, mobileOperator: "" })}
            options={s.locales.map((l) => ({ value: l.id, label: l.name }))} error={errors.locale} />
          <SelectField label="Mobile operator" value={draft.mobileOperator} onChange={(v) => setDraft({ mobileOperator: v })} error={errors.mobileOperator}
            options={[{ value: "", label: "Choose your mobile operator…" }, ...locale.operators.map((o) => ({ value: o, label: o }))]} />
          <Button variant="primary" type="submit">Next</Button>
          <Button type="button" className="ml-2" onClick={() => setDraft({ sub: "intro" })}>Back</Button>
        </form>
      )}

      {step === "off" && draft.sub === "number" && (
        <form aria-label="Step 2 of 3" onSubmit={(e) => { e.preventDefault(); start.mutate(); }} noValidate>
          <TextField label="Enter your phone number and click Next" type="tel" autoComplete="tel" value={draft.phoneNumber}
            onChange={(v) => setDraft({ phoneNumber: v })} error={errors.phoneNumber ?? errors.passcode}
            hint={`${locale.name}, ${draft.mobileOperator}. A six-digit passcode will be sent to this phone.`} />
          <Button variant="primary" type="submit" disabled={start.isPending}>{start.isPending ? "Sending…" : "Next"}</Button>
          <Button type="button" className="ml-2" onClick={() => setDraft({ sub: "operator" })}>Back</Button>
        </form>
      )}

      {step === "passcode" && (
        <form aria-label="Step 3 of 3" onSubmit={(e) => { e.preventDefault(); verify.mutate(); }} noValidate>
          <p className="mb-3">We texted a six-digit passcode to <strong>{s.phoneNumber}</strong>. It expires in 15 minutes.</p>
          <TextField label="Passcode" value={passcode} onChange={setPasscode} autoComplete="one-time-code" error={errors.passcode}
            hint={s.attemptsLeft < 5 ? `${s.attemptsLeft} tries left.` : undefined} />
          <Button variant="primary" type="submit" disabled={verify.isPending}>Finish</Button>
          <p className="mt-3">
            <button type="button" className="text-owa underline disabled:text-neutral-500" disabled={resend.isPending || s.passcodesLeftToday === 0}
              onClick={() => resend.mutate()}>I didn&apos;t receive a passcode and need it sent again</button>
          </p>
          {s.passcodesLeftToday === 0 && s.nextPasscodeAt && (
            <p className="text-sm text-neutral-700">You&apos;ve had three passcodes today. You can ask for another after {new Date(s.nextPasscodeAt).toLocaleString()}.</p>
          )}
          <p className="mt-2"><button type="button" className="text-owa underline" onClick={() => { setChanging(true); setDraft({ sub: "operator" }); }}>Change number</button></p>
        </form>
      )}

      {step === "on" && (
        <section aria-label="Text messaging is on">
          <p className="mb-3">Text message notifications are on for <strong>{s.phoneNumber}</strong> ({s.mobileOperator}).</p>
          <p className="mb-3"><Link href="/owa/options/phone/voice-mail#notifications" className="text-owa underline">Set up voice mail notifications</Link></p>
          <Button type="button" onClick={() => { setChanging(true); setDraft({ sub: "operator", locale: s.locale ?? "en-US" }); }}>Change number</Button>
          <Button type="button" className="ml-2" disabled={turnOff.isPending} onClick={() => turnOff.mutate()}>Turn off notifications</Button>
        </section>
      )}
    </div>
  );
}
