// A labelled form control with its error message right under it.
import { useId } from "react";

interface Common {
  label: string;
  error?: string;
  hint?: string;
}

export function TextField({ label, error, hint, value, onChange, type = "text", ...rest }: Common & {
  value: string;
  onChange: (v: string) => void;
  type?: string;
  name?: string;
  required?: boolean;
  placeholder?: string;
  autoComplete?: string;
  disabled?: boolean;
}) {
  const id = useId();
  return (
    <div className="mb-3">
      <label htmlFor={id} className="mb-1 block text-[13px] text-neutral-700">{label}{rest.required && <span aria-hidden> *</span>}</label>
      <input
        id={id} type={type} value={value} onChange={(e) => onChange(e.target.value)} {...rest}
        aria-invalid={error ? true : undefined} aria-describedby={error ? `${id}-err` : undefined}
        className={`w-full max-w-md border px-2 py-1 outline-none focus:border-eac ${error ? "border-red-600" : "border-neutral-400"}`}
      />
      {hint && !error && <p className="mt-0.5 text-xs text-neutral-500">{hint}</p>}
      {error && <p id={`${id}-err`} role="alert" className="mt-0.5 text-xs text-red-700">{error}</p>}
    </div>
  );
}

export function CheckboxField({ label, checked, onChange, error, disabled }: Common & { checked: boolean; onChange: (v: boolean) => void; disabled?: boolean }) {
  const id = useId();
  return (
    <div className="mb-3">
      <label htmlFor={id} className="inline-flex items-center gap-2">
        <input id={id} type="checkbox" checked={checked} disabled={disabled} onChange={(e) => onChange(e.target.checked)} />
        {label}
      </label>
      {error && <p role="alert" className="mt-0.5 text-xs text-red-700">{error}</p>}
    </div>
  );
}

export function SelectField<T extends string>({ label, value, onChange, options, error, disabled }: Common & {
  disabled?: boolean;
  value: T;
  onChange: (v: T) => void;
  options: readonly { value: T; label: string }[];
}) {
  const id = useId();
  return (
    <div className="mb-3">
      <label htmlFor={id} className="mb-1 block text-[13px] text-neutral-700">{label}</label>
      <select id={id} value={value} disabled={disabled} onChange={(e) => onChange(e.target.value as T)}
        className={`w-full max-w-md border bg-white px-2 py-1 ${error ? "border-red-600" : "border-neutral-400"}`}>
        {options.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
      </select>
      {error && <p role="alert" className="mt-0.5 text-xs text-red-700">{error}</p>}
    </div>
  );
}
