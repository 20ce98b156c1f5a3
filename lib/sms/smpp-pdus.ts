// SMPP 3.4 details that need no socket: turning a text into submit_sm parameters (alphabet,
// data_coding, concatenation UDH), reading delivery receipts, and what a command_status means.
// Pure, so each is unit-tested without a server.
import { gsm7Codes, smsAlphabet, splitSegments } from "../domain/sms-segments";

/** SMPP 3.4 §5.2.19 data_coding: 0 = SMSC default alphabet (GSM 03.38), 8 = UCS-2. */
export const DATA_CODING = { GSM7: 0x00, UCS2: 0x08 } as const;
/** esm_class bit 6 (0x40): short_message starts with a User Data Header. */
export const ESM_UDHI = 0x40;
/** esm_class bits 2–5 = 0001 (0x04): a deliver_sm that is an SMSC delivery receipt. */
export const ESM_DELIVERY_RECEIPT = 0x04;

export interface SubmitParams {
  source_addr_ton: number;
  source_addr_npi: number;
  source_addr: string;
  dest_addr_ton: number;
  dest_addr_npi: number;
  destination_addr: string;
  esm_class: number;
  registered_delivery: number;
  data_coding: number;
  short_message: Buffer;
}

/** TON/NPI of an address: alphanumeric senders (TON 5), or international E.164 digits (TON 1, NPI 1). */
function address(addr: string): { ton: number; npi: number; value: string } {
  const digits = addr.replace(/^\+/, "");
  if (/^\d+$/.test(digits)) return { ton: 1, npi: 1, value: digits };
  return { ton: 5, npi: 0, value: addr.slice(0, 11) };
}

function encode(part: string, ucs2: boolean): Buffer {
  if (!ucs2) return Buffer.from(gsm7Codes(part));
  // UTF-16BE (what SMSCs accept as UCS-2, astral characters as surrogate pairs).
  const le = Buffer.from(part, "utf16le");
  return le.swap16();
}

/**
 * One submit_sm per segment. A long text is sent as a concatenated SMS (3GPP TS 23.040 §9.2.3.24.1:
 * UDH 05 00 03 <ref> <total> <seq>, esm_class UDHI) so the handset shows one message.
 * registered_delivery=1 on every part: the text counts as delivered when all parts are.
 */
export function buildSubmitParts(o: { to: string; body: string; sourceAddr: string; reference: number }): SubmitParams[] {
  const ucs2 = smsAlphabet(o.body) === "UCS-2";
  const parts = splitSegments(o.body);
  const src = address(o.sourceAddr);
  const dst = address(o.to);
  return parts.map((part, i) => {
    const payload = encode(part, ucs2);
    const udh = parts.length > 1 ? Buffer.from([0x05, 0x00, 0x03, o.reference & 0xff, parts.length, i + 1]) : null;
    return {
      source_addr_ton: src.ton, source_addr_npi: src.npi, source_addr: src.value,
      dest_addr_ton: dst.ton, dest_addr_npi: dst.npi, destination_addr: dst.value,
      esm_class: udh ? ESM_UDHI : 0,
      registered_delivery: 1,
      data_coding: ucs2 ? DATA_CODING.UCS2 : DATA_CODING.GSM7,
      short_message: udh ? Buffer.concat([udh, payload]) : payload,
    };
  });
}

export interface ParsedReceipt {
  messageId: string;
  /** false for intermediate states (ENROUTE, ACCEPTD), which change nothing. */
  final: boolean;
  delivered: boolean;
  reason: string | null;
}

const FINAL_FAILURES = new Set(["EXPIRED", "DELETED", "UNDELIV", "REJECTD", "UNKNOWN"]);
/** SMPP 3.4 §5.2.28 message_state values → the receipt text's stat words. */
const MESSAGE_STATE: Record<number, string> = {
  1: "ENROUTE", 2: "DELIVRD", 3: "EXPIRED", 4: "DELETED", 5: "UNDELIV", 6: "ACCEPTD", 7: "UNKNOWN", 8: "REJECTD",
};

/**
 * A delivery receipt (SMPP 3.4 Appendix B text "id:… sub:… dlvrd:… … stat:DELIVRD err:000 text:…",
 * and/or the receipted_message_id + message_state TLVs, which win when present). null when the
 * deliver_sm is not a receipt (a mobile-originated text) or carries no message id.
 */
export function parseDeliveryReceipt(pdu: { esm_class?: unknown; short_message?: unknown; receipted_message_id?: unknown; message_state?: unknown }): ParsedReceipt | null {
  if ((Number(pdu.esm_class ?? 0) & 0x3c) !== ESM_DELIVERY_RECEIPT) return null;
  const sm = pdu.short_message as { message?: unknown } | Buffer | string | undefined;
  const text = typeof sm === "string" ? sm
    : Buffer.isBuffer(sm) ? sm.toString("latin1")
      : typeof sm?.message === "string" ? sm.message : Buffer.isBuffer(sm?.message) ? (sm.message as Buffer).toString("latin1") : "";
  const field = (name: string) => new RegExp(`(?:^|\\s)${name}:(\\S*)`, "i").exec(text)?.[1];
  const tlvId = typeof pdu.receipted_message_id === "string" ? pdu.receipted_message_id.replace(/\0+$/, "") : undefined;
  const messageId = tlvId || field("id");
  if (!messageId) return null;
  const state = typeof pdu.message_state === "number" ? MESSAGE_STATE[pdu.message_state] : undefined;
  const stat = (state ?? field("stat") ?? "UNKNOWN").toUpperCase();
  const err = field("err");
  if (stat === "DELIVRD") return { messageId, final: true, delivered: true, reason: null };
  if (FINAL_FAILURES.has(stat)) return { messageId, final: true, delivered: false, reason: `stat:${stat}${err ? ` err:${err}` : ""}` };
  return { messageId, final: false, delivered: false, reason: null };
}

/** The command_status names Lamplighter reports (SMPP 3.4 §5.1.3), others as hex. */
const STATUS_NAMES: Record<number, string> = {
  0x00: "ESME_ROK", 0x01: "ESME_RINVMSGLEN", 0x03: "ESME_RINVCMDID", 0x04: "ESME_RINVBNDSTS", 0x05: "ESME_RALYBND",
  0x08: "ESME_RSYSERR", 0x0a: "ESME_RINVSRCADR", 0x0b: "ESME_RINVDSTADR", 0x0d: "ESME_RBINDFAIL", 0x0e: "ESME_RINVPASWD",
  0x0f: "ESME_RINVSYSID", 0x14: "ESME_RMSGQFUL", 0x45: "ESME_RSUBMITFAIL", 0x58: "ESME_RTHROTTLED", 0x61: "ESME_RINVSCHED",
  0x64: "ESME_RX_T_APPN", 0x65: "ESME_RX_P_APPN", 0x66: "ESME_RX_R_APPN",
};

export function smppStatusName(status: number): string {
  return `${STATUS_NAMES[status] ?? "ESME_ERR"} (0x${status.toString(16).padStart(2, "0")})`;
}

/**
 * Statuses that say "later": throttling, a full queue, a system error, a temporary application
 * error, and a wrong bind state (the session is being re-bound). Everything else — a bad
 * destination, ESME_RSUBMITFAIL, a permanent application error — fails the text for good:
 * the SMSC has judged this message, and resubmitting it unchanged gets the same answer.
 */
const RETRYABLE = new Set([0x08, 0x14, 0x04, 0x58, 0x64]);

export function isRetryableSmppStatus(status: number): boolean {
  return RETRYABLE.has(status);
}
