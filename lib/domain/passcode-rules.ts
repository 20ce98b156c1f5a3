// The text-messaging passcode's limits, as Exchange had them: a code lives 15 minutes, five wrong
// tries void it, and at most three codes are sent to a user in any 24 hours.

export const PASSCODE_TTL_MS = 15 * 60_000;
export const PASSCODE_MAX_ATTEMPTS = 5;
export const PASSCODES_PER_DAY = 3;
const DAY_MS = 24 * 3600_000;

/** Send times within the last 24 hours (older ones no longer count). */
export function recentSends(sentAt: readonly Date[], now: Date): Date[] {
  return sentAt.filter((t) => now.getTime() - t.getTime() < DAY_MS);
}

/** Whether another code may be sent now; if not, when the next one can be. */
export function canSendPasscode(sentAt: readonly Date[], now: Date): { ok: true } | { ok: false; retryAt: Date } {
  const recent = recentSends(sentAt, now).sort((a, b) => a.getTime() - b.getTime());
  if (recent.length < PASSCODES_PER_DAY) return { ok: true };
  return { ok: false, retryAt: new Date(recent[recent.length - PASSCODES_PER_DAY].getTime() + DAY_MS) };
}

export type PasscodeCheck = "ok" | "none" | "expired" | "locked" | "wrong";

/** What to make of a typed passcode before (and after) comparing it with the stored hash. */
export function passcodeUsable(s: { hasCode: boolean; expiresAt: Date | null; attempts: number }, now: Date): PasscodeCheck {
  if (!s.hasCode) return "none";
  if (s.attempts >= PASSCODE_MAX_ATTEMPTS) return "locked";
  if (!s.expiresAt || s.expiresAt.getTime() <= now.getTime()) return "expired";
  return "ok";
}
