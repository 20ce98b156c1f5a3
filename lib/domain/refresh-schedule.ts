// When the periodic refresh re-sends a lamp next. Every lamp must be re-sent at least once per
// period (a PBX that lost its state, a phone swapped, a missed NOTIFY all heal by themselves), but
// never all at once: each mailbox gets its own jittered time, and the times persist in the
// database, so neither a worker restart nor a fleet of mailboxes created together lines them up.

/**
 * After a lamp was sent (delivered, or queued for refresh): somewhere in the last quarter of the
 * period, so the "at least every period" promise holds and mailboxes drift apart over time.
 * `random` is in [0, 1).
 */
export function nextRefreshAfterSend(sentAt: Date, periodMs: number, random: number): Date {
  return new Date(sentAt.getTime() + Math.round(periodMs * (0.75 + 0.25 * random)));
}

/**
 * For a lamp with no refresh time yet (a new mailbox, or an estate upgraded to this version):
 * uniformly over the coming period, so a big estate's first refreshes are spread evenly instead
 * of all being due on the worker's first tick.
 */
export function firstRefreshAt(now: Date, periodMs: number, random: number): Date {
  return new Date(now.getTime() + Math.round(periodMs * random));
}

/** How often the worker looks for due lamps: often enough for the period, never busy-looping. */
export function refreshTickMs(periodMs: number): number {
  return Math.min(10_000, Math.max(200, Math.round(periodMs / 20)));
}
