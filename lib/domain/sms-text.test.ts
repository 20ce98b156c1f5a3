import { describe, expect, it } from "vitest";
import { countSegments } from "./sms-segments";
import { composeMissedCallText, composeVoiceMailText, fitOneSegment, formatUtcShort } from "./sms-text";

const at = new Date("2026-11-26T07:01:59Z");
const base = { callerId: "+14255550100", receivedAt: at, protected: false, allowPreview: true };
const LONG = "Hi it's Dana from accounts, the quarterly numbers are in and we need your sign-off on the " +
  "budget before Friday so please call me back as soon as you can, thanks a lot and talk soon";

describe("voice-mail text", () => {
  it("carries caller, time and the whole preview when it fits", () => {
    expect(composeVoiceMailText({ ...base, preview: "Call me back  about\nlunch." }))
      .toBe("New voice mail from +14255550100 at 2026-11-26 07:01 UTC: Call me back about lunch.");
    expect(formatUtcShort(at)).toBe("2026-11-26 07:01 UTC");
  });

  it("cuts a long GSM-7 preview on a word boundary to exactly one 160-septet segment, with '...'", () => {
    const text = composeVoiceMailText({ ...base, preview: LONG });
    const seg = countSegments(text);
    expect(seg).toMatchObject({ alphabet: "GSM-7", segments: 1 });
    expect(seg.units).toBeGreaterThan(150);
    expect(text.endsWith("...")).toBe(true);
    const kept = text.slice("New voice mail from +14255550100 at 2026-11-26 07:01 UTC: ".length, -3);
    expect(LONG.startsWith(kept)).toBe(true);
    expect(LONG[kept.length]).toBe(" "); // ended at a whole word
  });

  it("uses UCS-2's 70-unit budget and '…' when the preview needs UCS-2", () => {
    const text = composeVoiceMailText({ ...base, preview: "Zoë here — " + LONG });
    const seg = countSegments(text);
    expect(seg).toMatchObject({ alphabet: "UCS-2", segments: 1 });
    expect(seg.units).toBeLessThanOrEqual(70);
    expect(text.endsWith("…")).toBe(true);
    expect(text).toContain("Zoë");
  });

  it("switches back to GSM-7 room when the cut drops the only UCS-2 character", () => {
    const text = fitOneSegment("Head: ", "a ".repeat(100) + "ë");
    expect(text).not.toBeNull();
    expect(countSegments(text!)).toMatchObject({ alphabet: "GSM-7", segments: 1 });
    expect(text!.length).toBeGreaterThan(150);
  });

  it("counts extension characters as two septets when cutting", () => {
    const text = composeVoiceMailText({ ...base, preview: "costs € 5 ".repeat(30) });
    expect(countSegments(text)).toMatchObject({ alphabet: "GSM-7", segments: 1 });
    expect(countSegments(text).units).toBeLessThanOrEqual(160);
  });

  it("hard-cuts a single endless word", () => {
    const text = composeVoiceMailText({ ...base, preview: "x".repeat(400) });
    expect(countSegments(text)).toMatchObject({ units: 160, segments: 1 });
  });

  it("says 'protected voice message' and never shows a protected message's preview", () => {
    const text = composeVoiceMailText({ ...base, protected: true, preview: "the secret merger" });
    expect(text).toBe("New voice mail from +14255550100 at 2026-11-26 07:01 UTC: protected voice message.");
  });

  it("has no preview when the policy's AllowVoiceMailPreview is off, or there is none", () => {
    expect(composeVoiceMailText({ ...base, allowPreview: false, preview: "hello" }))
      .toBe("New voice mail from +14255550100 at 2026-11-26 07:01 UTC.");
    expect(composeVoiceMailText({ ...base, preview: "   " })).toBe("New voice mail from +14255550100 at 2026-11-26 07:01 UTC.");
    expect(composeVoiceMailText({ ...base, preview: null, urgent: true }))
      .toBe("New urgent voice mail from +14255550100 at 2026-11-26 07:01 UTC.");
  });

  it("takes a passed-in time formatter", () => {
    expect(composeVoiceMailText({ ...base, preview: null }, () => "9:01 AM")).toBe("New voice mail from +14255550100 at 9:01 AM.");
  });
});

describe("missed-call text", () => {
  it("carries caller and time", () => {
    expect(composeMissedCallText({ callerId: "+14255550100", occurredAt: at })).toBe("Missed call from +14255550100 at 2026-11-26 07:01 UTC.");
    expect(composeMissedCallText({ callerId: " ", occurredAt: at })).toBe("Missed call from an unknown caller at 2026-11-26 07:01 UTC.");
  });
});
