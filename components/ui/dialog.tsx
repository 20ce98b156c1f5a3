"use client";
// An EAC-style edit dialog: title, sections, Save/Cancel at the bottom right.
import { useEffect, useRef } from "react";
import { Button } from "./button";

export function Dialog({ title, open, onClose, onSave, saving, error, children, wide }: {
  title: string;
  open: boolean;
  onClose: () => void;
  /** Absent: a read-only dialog with a Close button. */
  onSave?: () => void;
  wide?: boolean;
  saving?: boolean;
  error?: string;
  children: React.ReactNode;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);
  return (
    <dialog ref={ref} aria-label={title} onCancel={(e) => { e.preventDefault(); onClose(); }}
      className={`m-auto ${wide ? "w-[760px]" : "w-[560px]"} max-w-[95vw] border border-neutral-300 p-0 shadow-xl backdrop:bg-black/30`}>
      <form onSubmit={(e) => { e.preventDefault(); onSave?.(); }} noValidate>
        <h2 className="px-6 pt-5 pb-3 text-2xl font-light text-neutral-800">{title}</h2>
        {/* Focusable so keyboard users can scroll a long read-only dialog (WCAG 2.1.1). */}
        <div tabIndex={0} role="region" aria-label={`${title}: content`} className="max-h-[65vh] overflow-y-auto px-6 outline-none focus-visible:ring-1 focus-visible:ring-eac">{children}</div>
        {error && <p role="alert" className="mx-6 mt-2 border border-red-300 bg-red-50 px-3 py-2 text-red-800">{error}</p>}
        <div className="flex justify-end gap-2 border-t border-neutral-200 px-6 py-3">
          {onSave ? <>
            <Button type="submit" variant="primary" disabled={saving}>{saving ? "Saving…" : "Save"}</Button>
            <Button type="button" onClick={onClose}>Cancel</Button>
          </> : <Button type="button" variant="primary" onClick={onClose}>Close</Button>}
        </div>
      </form>
    </dialog>
  );
}

export function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <fieldset className="mb-4">
      <legend className="mb-2 text-[15px] font-semibold text-neutral-700">{title}</legend>
      {children}
    </fieldset>
  );
}
