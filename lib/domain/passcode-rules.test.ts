import { describe, expect, it } from "vitest";
import { canSendPasscode, passcodeUsable, PASSCODE_MAX_ATTEMPTS, recentSends } from "./passcode-rules";

const now = new Date("2026-11-26T12:00:00Z");
const hoursAgo = (h: number) => new Date(now.getTime() - h * 3600_000);

describe("passcode limits", () => {
  it("allows three codes in 24 hours, then says when the next one can go", () => {
    expect(canSendPasscode([hoursAgo(1), hoursAgo(2)], now)).toEqual({ ok: true });
    const r = canSendPasscode([hoursAgo(1), hoursAgo(2), hoursAgo(23)], now);
    expect(r).toEqual({ ok: false, retryAt: new Date(hoursAgo(23).getTime() + 24 * 3600_000) });
    expect(canSendPasscode([hoursAgo(1), hoursAgo(2), hoursAgo(25)], now)).toEqual({ ok: true });
    expect(recentSends([hoursAgo(24.5), hoursAgo(3)], now)).toEqual([hoursAgo(3)]);
  });

  it("a code is usable until it expires or five wrong tries void it", () => {
    const fresh = { hasCode: true, expiresAt: new Date(now.getTime() + 60_000), attempts: 0 };
    expect(passcodeUsable(fresh, now)).toBe("ok");
    expect(passcodeUsable({ ...fresh, attempts: PASSCODE_MAX_ATTEMPTS - 1 }, now)).toBe("ok");
    expect(passcodeUsable({ ...fresh, attempts: PASSCODE_MAX_ATTEMPTS }, now)).toBe("locked");
    expect(passcodeUsable({ ...fresh, expiresAt: now }, now)).toBe("expired");
    expect(passcodeUsable({ ...fresh, hasCode: false }, now)).toBe("none");
  });
});
