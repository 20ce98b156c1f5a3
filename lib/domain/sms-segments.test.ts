import { describe, expect, it } from "vitest";
import { countSegments, gsm7Codes, gsm7Septets, smsAlphabet, smsUnits, splitSegments } from "./sms-segments";

describe("alphabet detection", () => {
  it("keeps GSM 03.38 text (accents of the default table included) in GSM-7", () => {
    expect(smsAlphabet("Hello @ £5, Ñandù è ß ¿Qué? Δ")).toBe("GSM-7");
    expect(smsAlphabet("{[€]} ~ | ^ \\")).toBe("GSM-7");
  });

  it("switches to UCS-2 for any character outside it", () => {
    expect(smsAlphabet("Zoë")).toBe("UCS-2"); // ë is not in GSM 03.38
    expect(smsAlphabet("ça va")).toBe("UCS-2"); // lower-case ç neither (only Ç)
    expect(smsAlphabet("Ñandú")).toBe("UCS-2"); // ù is GSM-7, ú is not
    expect(smsAlphabet("Привет")).toBe("UCS-2");
    expect(smsAlphabet("wait…")).toBe("UCS-2");
    expect(smsAlphabet("ok 👍")).toBe("UCS-2");
  });

  it("counts extension characters as two septets and astral characters as two UCS-2 units", () => {
    expect(gsm7Septets("a")).toBe(1);
    expect(gsm7Septets("€")).toBe(2);
    expect(gsm7Septets("ë")).toBe(0);
    expect(smsUnits("a€[")).toBe(5);
    expect(smsUnits("👍a")).toBe(3);
  });
});

describe("segments", () => {
  it("fits 160 GSM-7 septets or 70 UCS-2 units in one segment", () => {
    expect(countSegments("a".repeat(160))).toMatchObject({ alphabet: "GSM-7", segments: 1, perSegment: 160 });
    expect(countSegments("a".repeat(161))).toMatchObject({ segments: 2, perSegment: 153 });
    expect(countSegments("ж".repeat(70))).toMatchObject({ alphabet: "UCS-2", segments: 1 });
    expect(countSegments("ж".repeat(71))).toMatchObject({ segments: 2, perSegment: 67 });
    expect(countSegments("€".repeat(80))).toMatchObject({ units: 160, segments: 1 });
    expect(countSegments("€".repeat(81))).toMatchObject({ segments: 2 });
  });

  it("splits concatenated messages at 153 / 67 units without breaking escapes or surrogate pairs", () => {
    const gsm = splitSegments("a".repeat(306) + "b");
    expect(gsm.map((p) => p.length)).toEqual([153, 153, 1]);
    const escaped = splitSegments("a".repeat(152) + "€" + "b".repeat(10));
    expect(escaped[0]).toBe("a".repeat(152)); // € would need septets 153 and 154
    expect(escaped[1].startsWith("€")).toBe(true);
    const astral = splitSegments("ж".repeat(66) + "👍" + "ж".repeat(10));
    expect(astral[0]).toBe("ж".repeat(66));
    expect(astral.join("")).toBe("ж".repeat(66) + "👍" + "ж".repeat(10));
    expect(countSegments("a".repeat(152) + "€" + "b".repeat(153)).segments).toBe(3);
  });

  it("encodes GSM-7 as unpacked septets with ESC for the extension table", () => {
    expect(gsm7Codes("@A€{")).toEqual([0x00, 0x41, 0x1b, 0x65, 0x1b, 0x28]);
    expect(gsm7Codes("è\n")).toEqual([0x04, 0x0a]);
    expect(() => gsm7Codes("ë")).toThrow(/U\+00EB/);
  });
});
