// Request signing for the http provider (and the check a receiver does), pure so both sides and
// the tests share it. Header: `X-Lamplighter-Signature: t=<unix seconds>,v1=<hex>` where v1 is
// HMAC-SHA256(secret, "<t>.<raw body>"). The timestamp is inside the MAC so a captured request
// cannot be replayed later than the receiver's tolerance; comparison is constant-time.
import { createHmac, timingSafeEqual } from "node:crypto";

export const SIGNATURE_HEADER = "X-Lamplighter-Signature";

export function signatureFor(secret: string, timestampSec: number, rawBody: string): string {
  return createHmac("sha256", secret).update(`${timestampSec}.${rawBody}`).digest("hex");
}

export function signatureHeader(secret: string, timestampSec: number, rawBody: string): string {
  return `t=${timestampSec},v1=${signatureFor(secret, timestampSec, rawBody)}`;
}

export type SignatureCheck = { ok: true } | { ok: false; why: "malformed" | "stale" | "mismatch" };

/** What a receiver does: parse, reject outside ±toleranceSec, compare in constant time. */
export function verifySignature(header: string | null | undefined, rawBody: string, secret: string,
  nowSec: number, toleranceSec = 300): SignatureCheck {
  const parts = new Map((header ?? "").split(",").map((kv) => kv.trim().split("=", 2) as [string, string]));
  const t = Number(parts.get("t"));
  const v1 = parts.get("v1");
  if (!Number.isInteger(t) || !v1 || !/^[0-9a-f]{64}$/.test(v1)) return { ok: false, why: "malformed" };
  if (Math.abs(nowSec - t) > toleranceSec) return { ok: false, why: "stale" };
  const expected = Buffer.from(signatureFor(secret, t, rawBody), "hex");
  return timingSafeEqual(expected, Buffer.from(v1, "hex")) ? { ok: true } : { ok: false, why: "mismatch" };
}
