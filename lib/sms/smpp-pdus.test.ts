import { describe, expect, it } from "vitest";
import { buildSubmitParts, isRetryableSmppStatus, parseDeliveryReceipt, smppStatusName } from "./smpp-pdus";

describe("submit_sm parameters", () => {
  it("sends a short GSM-7 text as one part, data_coding 0, unpacked septets, receipts requested", () => {
    const [p, ...rest] = buildSubmitParts({ to: "+14255550100", body: "Hi €", sourceAddr: "Lamplighter", reference: 7 });
    expect(rest).toHaveLength(0);
    expect(p).toMatchObject({
      destination_addr: "14255550100", dest_addr_ton: 1, dest_addr_npi: 1, source_addr: "Lamplighter", source_addr_ton: 5,
      esm_class: 0, registered_delivery: 1, data_coding: 0,
    });
    expect([...p.short_message]).toEqual([0x48, 0x69, 0x20, 0x1b, 0x65]);
  });

  it("sends UCS-2 as UTF-16BE with data_coding 8", () => {
    const [p] = buildSubmitParts({ to: "+14255550100", body: "Zoë", sourceAddr: "+15550001", reference: 1 });
    expect(p.data_coding).toBe(8);
    expect(p.source_addr_ton).toBe(1);
    expect(p.short_message.toString("hex")).toBe("005a006f00eb");
  });

  it("concatenates long texts with a UDH (ref, total, seq) and esm_class UDHI", () => {
    const parts = buildSubmitParts({ to: "+14255550100", body: "a".repeat(200), sourceAddr: "X", reference: 300 });
    expect(parts).toHaveLength(2);
    expect(parts.map((p) => [...p.short_message.subarray(0, 6)])).toEqual([[5, 0, 3, 44, 2, 1], [5, 0, 3, 44, 2, 2]]);
    expect(parts.every((p) => p.esm_class === 0x40)).toBe(true);
    expect(parts[0].short_message.length).toBe(6 + 153);
    const ucs = buildSubmitParts({ to: "+1", body: "ж".repeat(100), sourceAddr: "X", reference: 1 });
    expect(ucs.map((p) => p.short_message.length)).toEqual([6 + 134, 6 + 66]);
  });
});

describe("delivery receipts", () => {
  it("reads the Appendix B text form", () => {
    const sm = { message: "id:4711 sub:001 dlvrd:001 submit date:2611260701 done date:2611260701 stat:DELIVRD err:000 text:New voice" };
    expect(parseDeliveryReceipt({ esm_class: 4, short_message: sm })).toEqual({ messageId: "4711", final: true, delivered: true, reason: null });
    expect(parseDeliveryReceipt({ esm_class: 4, short_message: { message: "id:9 stat:UNDELIV err:001" } }))
      .toEqual({ messageId: "9", final: true, delivered: false, reason: "stat:UNDELIV err:001" });
    expect(parseDeliveryReceipt({ esm_class: 4, short_message: { message: "id:9 stat:ENROUTE err:000" } })?.final).toBe(false);
  });

  it("prefers the receipted_message_id and message_state TLVs", () => {
    expect(parseDeliveryReceipt({ esm_class: 4, receipted_message_id: "abc\0", message_state: 5, short_message: { message: "" } }))
      .toMatchObject({ messageId: "abc", delivered: false, reason: "stat:UNDELIV" });
  });

  it("ignores a mobile-originated deliver_sm", () => {
    expect(parseDeliveryReceipt({ esm_class: 0, short_message: { message: "id:1 stat:DELIVRD" } })).toBeNull();
  });
});

describe("command_status", () => {
  it("names statuses and retries only the temporary ones", () => {
    expect(smppStatusName(0x58)).toBe("ESME_RTHROTTLED (0x58)");
    expect(smppStatusName(0x99)).toBe("ESME_ERR (0x99)");
    expect(isRetryableSmppStatus(0x58)).toBe(true);
    expect(isRetryableSmppStatus(0x14)).toBe(true);
    expect(isRetryableSmppStatus(0x45)).toBe(false);
    expect(isRetryableSmppStatus(0x0b)).toBe(false);
  });
});
