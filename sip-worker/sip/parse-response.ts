// Reads a SIP response (RFC 3261 §7.2) for a client transaction: the status line, and of the
// headers only what matching and the outcome need — the topmost Via (its branch, §17.1.3), CSeq
// (number and method, §17.1.3), Call-ID, Retry-After (§20.33) and Content-Length (§20.14).
//
// Every NOTIFY the worker sends comes back as one of these, so this runs tens of thousands of
// times a minute in a resync; sip.js's generated grammar took ~3 ms per response, this a few µs.
// Input is untrusted network data: nothing here throws, and anything that cannot be matched to a
// transaction — or whose header block is not well formed — is null, to be dropped.
import { parseViaValue, splitHeaderValues, type ViaValue } from "./via";

export interface ParsedResponse {
  kind: "response";
  statusCode: number;
  reasonPhrase: string;
  /** Topmost Via value. */
  topVia: ViaValue;
  /** Its branch: with the CSeq method, the client transaction key. */
  branch: string;
  /** CSeq method, upper case as sent (methods are case-sensitive, §7.1). */
  method: string;
  cseq: number;
  callId?: string;
  /** Raw Retry-After value, when present. */
  retryAfter?: string;
  contentLength?: number;
}

/** RFC 3261 §7.3.1: `token HCOLON value`; a line starting with SP/HT continues the previous one. */
const HEADER_NAME = /^[A-Za-z0-9\-.!%*_+`'~]+$/;
/**
 * Status-Line = SIP-Version SP Status-Code SP Reason-Phrase (§7.2; version case-insensitive). The
 * reason phrase ends up in logs and the attempts table: no control characters but HTAB (§25.1).
 */
const STATUS_LINE = /^SIP\/2\.0 ([1-6]\d\d) ([^\x00-\x08\x0a-\x1f\x7f]*)$/i;
/** CSeq = 1*DIGIT LWS Method (§20.16); the number is below 2**31. */
const CSEQ = /^(\d{1,10})[ \t]+([A-Za-z0-9\-.!%*_+`'~]+)$/;
const TOKEN_WORD = /^[^\s]+$/;

/** Starts like a response (as opposed to a request line). */
export function looksLikeResponse(data: string): boolean {
  return data.length >= 8 && (data.charCodeAt(0) | 0x20) === 0x73 /* s */ && /^SIP\/\d/i.test(data);
}

export function parseSipResponse(data: string): ParsedResponse | null {
  const headEnd = data.indexOf("\r\n\r\n");
  const head = headEnd < 0 ? data : data.slice(0, headEnd);
  const firstEnd = head.indexOf("\r\n");
  if (firstEnd < 0) return null;
  const status = STATUS_LINE.exec(head.slice(0, firstEnd));
  if (!status) return null;

  const vias: string[] = [];
  let cseq: string | undefined;
  let callId: string | undefined;
  let retryAfter: string | undefined;
  let contentLength: string | undefined;
  // Header lines, with folded continuation lines (§7.3.1) joined to their header.
  let name: string | undefined;
  let value = "";
  const take = (): boolean => {
    if (name === undefined) return true;
    const v = value.trim();
    switch (name.toLowerCase()) {
      case "via": case "v": vias.push(v); break;
      case "cseq": if (cseq !== undefined && cseq !== v) return false; cseq = v; break;
      case "call-id": case "i": if (callId !== undefined && callId !== v) return false; callId = v; break;
      case "retry-after": retryAfter ??= v; break;
      case "content-length": case "l": if (contentLength !== undefined && contentLength !== v) return false; contentLength = v; break;
    }
    return true;
  };
  let start = firstEnd + 2;
  while (start < head.length) {
    let end = head.indexOf("\r\n", start);
    if (end < 0) end = head.length;
    const line = head.slice(start, end);
    start = end + 2;
    const c = line.charCodeAt(0);
    if (c === 0x20 || c === 0x09) {
      if (name === undefined) return null; // a continuation with nothing to continue
      value += " " + line;
      continue;
    }
    if (!take()) return null;
    const colon = line.indexOf(":");
    if (colon <= 0) return null;
    const n = line.slice(0, colon).replace(/[ \t]+$/, "");
    if (!HEADER_NAME.test(n)) return null;
    name = n;
    value = line.slice(colon + 1);
  }
  if (!take()) return null;

  // §17.1.3: a response is only useful if it can be matched: topmost Via branch + CSeq method.
  const topRaw = vias.length > 0 ? splitHeaderValues(vias[0])[0] : undefined;
  const topVia = topRaw === undefined ? null : parseViaValue(topRaw);
  if (!topVia?.branch) return null;
  const cseqMatch = cseq === undefined ? null : CSEQ.exec(cseq);
  if (!cseqMatch || Number(cseqMatch[1]) > 2 ** 31 - 1) return null;
  if (callId !== undefined && !TOKEN_WORD.test(callId)) return null;
  if (contentLength !== undefined && !/^\d{1,10}$/.test(contentLength)) return null;
  return {
    kind: "response",
    statusCode: Number(status[1]),
    reasonPhrase: status[2].trim(),
    topVia,
    branch: topVia.branch,
    method: cseqMatch[2],
    cseq: Number(cseqMatch[1]),
    callId,
    retryAfter,
    contentLength: contentLength === undefined ? undefined : Number(contentLength),
  };
}
