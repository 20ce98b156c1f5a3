// application/problem+json responses (RFC 9457) with the failing fields in `errors`.
import { ZodError } from "zod";
import { AppError, ValidationError, type FieldProblem } from "../errors";

export function zodToValidationError(e: ZodError): ValidationError {
  const errors: FieldProblem[] = e.issues.map((i) => ({
    field: i.path.length ? i.path.join(".") : (i.code === "unrecognized_keys" ? (i as { keys?: string[] }).keys?.join(",") ?? "" : ""),
    message: i.code === "unrecognized_keys" ? `Unknown field: ${(i as { keys?: string[] }).keys?.join(", ")}.` : i.message,
  }));
  return new ValidationError(errors);
}

/** Below this many bytes an answer is sent as is: gzip would cost more CPU than it saves bytes. */
const COMPRESS_MIN_BYTES = 1024;

/**
 * A JSON response. `next start` gzips every response whose length it doesn't know, and it never
 * knows a route handler's (it drops Content-Length): a fresh gzip stream per answer was ~15% of
 * the CPU of a small API call. `Cache-Control: no-transform` makes it skip small answers, the
 * threshold its compression applies when it does know the length; longer lists stay compressed.
 */
export function jsonResponse(body: unknown, status: number, contentType = "application/json"): Response {
  const text = JSON.stringify(body);
  const headers: Record<string, string> = { "content-type": contentType };
  if (Buffer.byteLength(text) < COMPRESS_MIN_BYTES) headers["cache-control"] = "no-transform";
  return new Response(text, { status, headers });
}

export function problem(status: number, title: string, detail: string, extra: Record<string, unknown> = {}): Response {
  return jsonResponse({ type: "about:blank", title, status, detail, ...extra }, status, "application/problem+json");
}

export function errorResponse(e: unknown, instance?: string): Response {
  if (e instanceof ZodError) e = zodToValidationError(e);
  if (e instanceof AppError) {
    return problem(e.status, e.title, e.message, {
      ...(instance ? { instance } : {}),
      ...(e.errors.length ? { errors: e.errors, field: e.errors[0].field } : {}),
    });
  }
  const code = (e as { code?: string })?.code;
  if (code === "P2002") return problem(409, "Conflict", "An object with the same unique value already exists.", { instance });
  if (code === "P2025") return problem(404, "Not found", "The object was not found.", { instance });
  console.error(e);
  return problem(500, "Internal Server Error", "Something went wrong on the server.", { instance });
}
