import { describe, expect, it } from "vitest";
import { defaultBurst, fullBucket, take, type TokenBucket } from "./token-bucket";

describe("token bucket", () => {
  const limits = { ratePerSec: 10, burst: 2 };

  it("allows the burst back to back, then one token per 1/rate seconds", () => {
    let b: TokenBucket = fullBucket(limits, 0);
    let r = take(b, limits, 0); expect(r.waitMs).toBe(0); b = r.bucket;
    r = take(b, limits, 0); expect(r.waitMs).toBe(0); b = r.bucket;
    r = take(b, limits, 0); expect(r.waitMs).toBe(100); b = r.bucket;
    r = take(b, limits, 60); expect(r.waitMs).toBe(40); b = r.bucket;
    r = take(b, limits, 100); expect(r.waitMs).toBe(0);
  });

  it("never stores more than the burst after a quiet period", () => {
    let b: TokenBucket = { tokens: 0, at: 0 };
    let sent = 0;
    for (let i = 0; i < 10; i++) {
      const r = take(b, limits, 60_000);
      b = r.bucket;
      if (r.waitMs === 0) sent++;
    }
    expect(sent).toBe(2);
  });

  it("holds the rate over a long run: sends in any second stay within rate + burst", () => {
    const l = { ratePerSec: 50, burst: defaultBurst(50) };
    let b = fullBucket(l, 0);
    const sentAt: number[] = [];
    for (let t = 0; t < 10_000; t++) {
      const r = take(b, l, t);
      b = r.bucket;
      if (r.waitMs === 0) sentAt.push(t);
    }
    expect(sentAt.length).toBeLessThanOrEqual(50 * 10 + l.burst);
    expect(sentAt.length).toBeGreaterThanOrEqual(50 * 10 - 1);
    for (let s = 0; s < 10_000; s += 250) {
      expect(sentAt.filter((t) => t >= s && t < s + 1000).length).toBeLessThanOrEqual(50 + l.burst);
    }
  });

  it("treats rate 0 as no cap, and ignores a clock that steps back", () => {
    expect(take({ tokens: 0, at: 0 }, { ratePerSec: 0, burst: 1 }, 0).waitMs).toBe(0);
    expect(take({ tokens: 0, at: 1000 }, limits, 500).waitMs).toBe(100);
  });

  it("bursts a tenth of a second's worth, at least one", () => {
    expect(defaultBurst(50)).toBe(5);
    expect(defaultBurst(3)).toBe(1);
  });
});
