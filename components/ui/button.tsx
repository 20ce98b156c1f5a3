export function Button({ variant = "secondary", className = "", ...rest }: React.ButtonHTMLAttributes<HTMLButtonElement> & {
  variant?: "primary" | "secondary";
}) {
  const look = variant === "primary"
    ? "bg-eac text-white hover:bg-eac-dark border-eac"
    : "bg-white text-neutral-800 hover:bg-neutral-100 border-neutral-400";
  return <button className={`min-w-20 border px-4 py-1 disabled:opacity-50 ${look} ${className}`} {...rest} />;
}

/** EAC toolbar icon button: a glyph with an accessible name. */
export function ToolbarButton({ label, glyph, ...rest }: React.ButtonHTMLAttributes<HTMLButtonElement> & { label: string; glyph: React.ReactNode }) {
  return (
    <button type="button" aria-label={label} title={label}
      className="flex h-7 w-7 items-center justify-center text-lg text-eac hover:bg-neutral-100 disabled:text-neutral-300" {...rest}>
      <span aria-hidden>{glyph}</span>
    </button>
  );
}
