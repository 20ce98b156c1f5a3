// When to try a failed MWI delivery again: exponential backoff with full jitter ("decorrelated"
// retries keep a recovering PBX from being hit by every mailbox at once), bounded by the retry
// window that starts at the first attempt (Exchange kept trying for five minutes).

export interface RetryPolicy {
  windowMs: number;
  baseMs: number;
  maxMs: number;
}

/** Delay before attempt number `attempt + 1` (attempt counts from 1). `random` is in [0, 1). */
export function retryDelayMs(attempt: number, p: RetryPolicy, random: number, retryAfterMs?: number): number {
  const ceiling = Math.min(p.maxMs, p.baseMs * 2 ** Math.max(0, attempt - 1));
  const jittered = Math.round(ceiling / 2 + (ceiling / 2) * random);
  // RFC 3261 §21.4.18/§20.33: a peer's Retry-After says when it can take requests again.
  return Math.max(jittered, retryAfterMs ?? 0);
}

/** The next attempt time, or null when it would fall outside the retry window. */
export function nextAttemptAt(firstAttemptAt: Date, now: Date, attempt: number, p: RetryPolicy, random: number,
  retryAfterMs?: number): Date | null {
  const at = new Date(now.getTime() + retryDelayMs(attempt, p, random, retryAfterMs));
  return at.getTime() - firstAttemptAt.getTime() > p.windowMs ? null : at;
}
