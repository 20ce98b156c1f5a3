import { describe, expect, it } from "vitest";
import { decideExpires, remainingSeconds, subscriberMayReceiveMwi, subscriptionStateHeader } from "./subscription-rules";

const bounds = { min: 60, max: 3600 };
const policy = { name: "Default", allowMessageWaitingIndicator: true };

describe("decideExpires", () => {
  it("accepts within bounds, clamps above the maximum, defaults to one hour", () => {
    expect(decideExpires(120, bounds)).toEqual({ kind: "accept", expires: 120 });
    expect(decideExpires(86_400, bounds)).toEqual({ kind: "accept", expires: 3600 });
    expect(decideExpires(undefined, bounds)).toEqual({ kind: "accept", expires: 3600 });
    expect(decideExpires(60, bounds)).toEqual({ kind: "accept", expires: 60 });
  });
  it("refuses a too-brief interval with the minimum, and treats 0 as unsubscribe", () => {
    expect(decideExpires(59, bounds)).toEqual({ kind: "too-brief", minExpires: 60 });
    expect(decideExpires(0, bounds)).toEqual({ kind: "unsubscribe" });
  });
});

describe("subscriberMayReceiveMwi", () => {
  it("needs a UM-enabled mailbox whose policy allows MWI; gateways do not matter", () => {
    expect(subscriberMayReceiveMwi({ umEnabled: true, policy, dialPlan: null })).toEqual({ allowed: true });
    expect(subscriberMayReceiveMwi({ umEnabled: false, policy, dialPlan: null })).toMatchObject({ allowed: false });
    const off = subscriberMayReceiveMwi({ umEnabled: true, policy: { ...policy, allowMessageWaitingIndicator: false }, dialPlan: null });
    expect(off).toEqual({ allowed: false, explanation: 'UM mailbox policy "Default" has AllowMessageWaitingIndicator set to false.' });
  });
});

describe("subscriptionStateHeader", () => {
  it("formats RFC 6665 §8.2.3 values", () => {
    expect(subscriptionStateHeader({ state: "active", expiresInSeconds: 119.6 })).toBe("active;expires=119");
    expect(subscriptionStateHeader({ state: "terminated", reason: "timeout" })).toBe("terminated;reason=timeout");
    expect(subscriptionStateHeader({ state: "terminated" })).toBe("terminated");
  });
  it("counts remaining seconds, never negative", () => {
    const now = new Date(1_000_000);
    expect(remainingSeconds(new Date(1_120_000), now)).toBe(120);
    expect(remainingSeconds(new Date(0), now)).toBe(0);
  });
});
