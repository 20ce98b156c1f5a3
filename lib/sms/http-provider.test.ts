import { describe, expect, it } from "vitest";
import { classifyHttpResponse, parseRetryAfter } from "./http-provider";
import { signatureHeader, verifySignature } from "./http-signature";
import { maskPhoneNumber } from "./mask";

describe("http provider status mapping", () => {
  it("2xx sent; 429 and 5xx retry; other 4xx fail for good", () => {
    expect(classifyHttpResponse(202, undefined, "m1")).toEqual({ ok: true, status: "sent", providerMessageId: "m1" });
    expect(classifyHttpResponse(429, 5000, "x")).toEqual({ ok: false, retryable: true, reason: "HTTP 429 Too Many Requests", retryAfterMs: 5000 });
    expect(classifyHttpResponse(400, undefined, "x")).toMatchObject({ ok: false, retryable: false, reason: "HTTP 400" });
    expect(classifyHttpResponse(404, undefined, "x")).toMatchObject({ retryable: false });
    expect(classifyHttpResponse(503, undefined, "x")).toMatchObject({ ok: false, retryable: true, reason: "HTTP 503" });
  });

  it("reads Retry-After as seconds or a date", () => {
    expect(parseRetryAfter("7", 0)).toBe(7000);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4_000)).toBe(6_000);
    expect(parseRetryAfter("soon", 0)).toBeUndefined();
    expect(parseRetryAfter(null, 0)).toBeUndefined();
  });
});

describe("request signature", () => {
  const body = JSON.stringify({ to: "+14255550100", body: "hi", idempotencyKey: "voicemail:1" });

  it("verifies its own signature within the tolerance", () => {
    const h = signatureHeader("s3cret", 1_700_000_000, body);
    expect(h).toMatch(/^t=1700000000,v1=[0-9a-f]{64}$/);
    expect(verifySignature(h, body, "s3cret", 1_700_000_100)).toEqual({ ok: true });
  });

  it("rejects a changed body, a wrong secret, an old timestamp and junk", () => {
    const h = signatureHeader("s3cret", 1_700_000_000, body);
    expect(verifySignature(h, body.replace("hi", "ho"), "s3cret", 1_700_000_000)).toEqual({ ok: false, why: "mismatch" });
    expect(verifySignature(h, body, "other", 1_700_000_000)).toEqual({ ok: false, why: "mismatch" });
    expect(verifySignature(h, body, "s3cret", 1_700_001_000)).toEqual({ ok: false, why: "stale" });
    expect(verifySignature("v1=abc", body, "s3cret", 1_700_000_000)).toEqual({ ok: false, why: "malformed" });
    expect(verifySignature(undefined, body, "s3cret", 1_700_000_000)).toEqual({ ok: false, why: "malformed" });
  });
});

describe("phone masking", () => {
  it("keeps country code and last two digits", () => {
    expect(maskPhoneNumber("+14255550123")).toBe("+1425•••••23");
    expect(maskPhoneNumber("12345")).toBe("•••••");
  });
});
