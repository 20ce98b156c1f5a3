// Per-gateway send-rate cap (a token bucket): refreshes and resyncs must never flood a PBX, and a
// short burst (a few changes at once) must still go out at once. Pure arithmetic on a small
// state; the worker keeps one state per gateway and asks how long to wait before the next send.

export interface TokenBucket {
  /** Tokens available at `at` (may be fractional; never above the burst). */
  tokens: number;
  /** Epoch ms the token count refers to. */
  at: number;
}

export interface TokenBucketLimits {
  /** Sustained sends per second. 0 means "no cap". */
  ratePerSec: number;
  /** Sends allowed back to back after a quiet period. */
  burst: number;
}

/**
 * The burst that goes with a rate: a tenth of a second's worth, at least one. Small on purpose, so
 * that any one-second window carries at most about 1.1 × the rate (a PBX counts per second too).
 */
export function defaultBurst(ratePerSec: number): number {
  return Math.max(1, Math.ceil(ratePerSec / 10));
}

export function fullBucket(limits: TokenBucketLimits, now: number): TokenBucket {
  return { tokens: limits.burst, at: now };
}

/** The bucket refilled up to `now`; time never runs backwards for it (clock steps are ignored). */
export function refill(b: TokenBucket, limits: TokenBucketLimits, now: number): TokenBucket {
  if (now <= b.at) return b;
  return { tokens: Math.min(limits.burst, b.tokens + ((now - b.at) / 1000) * limits.ratePerSec), at: now };
}

/**
 * Tries to take one token at `now`. Returns the new bucket and 0 when a token was taken, or the
 * unchanged (refilled) bucket and how many ms until one will be there.
 */
export function take(b: TokenBucket, limits: TokenBucketLimits, now: number): { bucket: TokenBucket; waitMs: number } {
  if (limits.ratePerSec <= 0) return { bucket: b, waitMs: 0 };
  const r = refill(b, limits, now);
  if (r.tokens >= 1) return { bucket: { tokens: r.tokens - 1, at: r.at }, waitMs: 0 };
  return { bucket: r, waitMs: Math.max(1, Math.ceil(((1 - r.tokens) / limits.ratePerSec) * 1000)) };
}
