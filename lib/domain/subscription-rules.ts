// Rules of message-summary subscriptions (RFC 6665 with the RFC 3842 event package): how long a
// subscription lasts, who may subscribe, and what Subscription-State says.
import { mwiEligibility, type EligibilityMailbox } from "./mwi-eligibility";

/** RFC 3842 "Subscription Duration": one hour by default (RFC 6665 leaves the default to the package). */
export const MESSAGE_SUMMARY_DEFAULT_EXPIRES = 3600;

export interface ExpiresBounds {
  min: number;
  max: number;
}

export type ExpiresDecision =
  | { kind: "unsubscribe" } // Expires: 0 (RFC 6665 §4.1.2.3), or a fetch on an initial SUBSCRIBE (§4.4.3)
  | { kind: "too-brief"; minExpires: number } // 423 Interval Too Brief with Min-Expires (§4.2.1.1)
  | { kind: "accept"; expires: number };

/**
 * The duration granted for a requested one (undefined: the header was absent). The notifier may
 * shorten a subscription but never lengthen it (RFC 6665 §4.2.1.1), hence the clamp to `max`;
 * a request below `min` is refused with 423 so the subscriber retries with Min-Expires.
 */
export function decideExpires(requested: number | undefined, bounds: ExpiresBounds): ExpiresDecision {
  const asked = requested ?? MESSAGE_SUMMARY_DEFAULT_EXPIRES;
  if (asked === 0) return { kind: "unsubscribe" };
  if (asked < bounds.min) return { kind: "too-brief", minExpires: bounds.min };
  return { kind: "accept", expires: Math.min(asked, Math.max(bounds.max, bounds.min)) };
}

/**
 * May this mailbox's lamp be told to a subscriber? The subscriber asked us directly, so the UM IP
 * gateway switch (MessageWaitingIndicatorAllowed: "all users reached THROUGH it") does not apply —
 * no gateway carries these NOTIFYs. What remains of Exchange's rule is the mailbox half: the user
 * is UM-enabled and the UM mailbox policy's AllowMessageWaitingIndicator is true. It is evaluated
 * by the one eligibility rule, with the subscriber's own dialog standing in as the only path.
 */
export function subscriberMayReceiveMwi(mailbox: EligibilityMailbox): { allowed: true } | { allowed: false; explanation: string } {
  const SUBSCRIBER_PATH = { id: "subscriber", name: "subscriber dialog", status: "Enabled", messageWaitingIndicatorAllowed: true };
  const rule = mwiEligibility(mailbox, [SUBSCRIBER_PATH]);
  return rule.allowed ? { allowed: true } : { allowed: false, explanation: rule.explanation };
}

/**
 * RFC 6665 §4.1.3 reasons we use: "timeout" when a subscription ran out unrefreshed, "rejected"
 * when policy stopped allowing it. An unsubscribe (or a fetch) gets a plain "terminated": a
 * "timeout" reason there would invite the subscriber to subscribe again at once (§4.1.3).
 */
export type TerminationReason = "timeout" | "rejected";

export function subscriptionStateHeader(
  s: { state: "active"; expiresInSeconds: number } | { state: "terminated"; reason?: TerminationReason },
): string {
  if (s.state === "active") return `active;expires=${Math.max(0, Math.floor(s.expiresInSeconds))}`;
  return s.reason ? `terminated;reason=${s.reason}` : "terminated";
}

/** Seconds a subscription still has at `now` (RFC 6665 §4.2.2: NOTIFY carries the remaining time). */
export function remainingSeconds(expiresAt: Date, now: Date): number {
  return Math.max(0, Math.round((expiresAt.getTime() - now.getTime()) / 1000));
}
