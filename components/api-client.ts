// Browser-side calls to /api/v1. Errors arrive as problem+json; FieldErrors keeps them per field
// so forms can show each message next to its field.
import type { ZodType } from "zod";

export type FieldErrors = Record<string, string>;

export class ApiError extends Error {
  constructor(readonly status: number, message: string, readonly fields: FieldErrors) {
    super(message);
  }
}

export async function api<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const res = await fetch(`/api/v1${path}`, {
    method: init.method ?? "GET",
    headers: init.body !== undefined ? { "content-type": "application/json" } : undefined,
    body: init.body !== undefined ? JSON.stringify(init.body) : undefined,
    credentials: "same-origin",
  });
  if (res.status === 204) return undefined as T;
  const data = await res.json().catch(() => ({}));
  if (!res.ok) {
    const fields: FieldErrors = {};
    for (const e of (data.errors ?? []) as { field: string; message: string }[]) fields[e.field] ??= e.message;
    throw new ApiError(res.status, data.detail ?? `Request failed (${res.status}).`, fields);
  }
  return data as T;
}

/** Client-side check with the same zod schema the API uses. */
export function validate<T>(schema: ZodType<T>, value: unknown): { ok: true; value: T } | { ok: false; fields: FieldErrors } {
  const r = schema.safeParse(value);
  if (r.success) return { ok: true, value: r.data };
  const fields: FieldErrors = {};
  for (const i of r.error.issues) fields[i.path.join(".")] ??= i.message;
  return { ok: false, fields };
}
