"use client";
// Form state for an edit dialog: values, client-side checks with the API's own zod schema,
// server errors mapped back to their fields, and a success/failure announcement.
import { useEffect, useState } from "react";
import { useMutation } from "@tanstack/react-query";
import type { ZodType } from "zod";
import { ApiError, validate, type FieldErrors } from "./api-client";
import { useAnnounce } from "./ui/announcer";

export function useEntityForm<F extends object, Body, Result>(opts: {
  open: boolean;
  initial: () => F;
  /** Turns the form (strings from inputs) into the API body. */
  toBody: (form: F) => unknown;
  schema: ZodType<Body>;
  save: (body: Body) => Promise<Result>;
  onSaved: (r: Result) => void;
  successMessage: (r: Result) => string;
}) {
  const [form, setForm] = useState<F>(opts.initial);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string>();
  const announce = useAnnounce();
  useEffect(() => {
    if (opts.open) { setForm(opts.initial()); setErrors({}); setFormError(undefined); }
    // eslint-disable-next-line react-hooks/exhaustive-deps -- reset only when the dialog opens
  }, [opts.open]);

  const mutation = useMutation({
    mutationFn: opts.save,
    onSuccess: (r) => { announce(opts.successMessage(r)); opts.onSaved(r); },
    onError: (e) => {
      if (e instanceof ApiError && Object.keys(e.fields).length) { setErrors(e.fields); setFormError(undefined); }
      else setFormError(e instanceof ApiError ? e.message : "The change couldn't be saved. Check your connection and try again.");
      announce("The change wasn't saved.", "error");
    },
  });

  function submit() {
    const checked = validate(opts.schema, opts.toBody(form));
    if (!checked.ok) { setErrors(checked.fields); return; }
    setErrors({});
    mutation.mutate(checked.value);
  }
  const set = <K extends keyof F>(k: K) => (v: F[K]) => setForm((f) => ({ ...f, [k]: v }));
  return { form, set, errors, formError, submit, saving: mutation.isPending };
}

/** "" → undefined-ish NaN so zod reports the field; otherwise the number. */
export function numberOrNaN(v: string): number {
  return v.trim() === "" ? NaN : Number(v);
}
