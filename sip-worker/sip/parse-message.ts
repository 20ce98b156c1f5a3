// Parses one framed SIP message (the transport has already cut the stream by Content-Length).
// Input comes from the network, so nothing here may throw: anything that cannot be made sense
// of, or that lacks what a transaction needs to be matched, is reported as null and dropped.
//
// Responses — one per NOTIFY we send, the bulk of what arrives — are read by the small scanner
// in parse-response.ts. Requests (SUBSCRIBE, OPTIONS: few, and their handlers work on sip.js's
// message objects) still go through sip.js.
import { Core } from "sip.js";
import { looksLikeResponse, parseSipResponse, type ParsedResponse } from "./parse-response";
import { topVia, type ViaValue } from "./via";

export type { ParsedResponse };

export type ParsedSipMessage =
  | { kind: "request"; message: Core.IncomingRequestMessage; topVia: ViaValue | null }
  | ParsedResponse;

// sip.js logs parse problems to the console by default; the worker logs drops itself.
let sipJsLogger: Core.Logger | undefined;
function parserLogger(): Core.Logger {
  if (!sipJsLogger) {
    const loggerFactory = new Core.LoggerFactory();
    loggerFactory.builtinEnabled = false;
    sipJsLogger = loggerFactory.getLogger("sip.parser");
  }
  return sipJsLogger;
}

/** RFC 3261 §7.3.1: every header line is `token HCOLON value`; folded lines start with SP/HT. */
const HEADER_LINE = /^(?:[A-Za-z0-9\-.!%*_+`'~]+[ \t]*:|[ \t])/;

function headerLinesWellFormed(data: string): boolean {
  const end = data.indexOf("\r\n\r\n");
  const head = end < 0 ? data : data.slice(0, end);
  return head.split("\r\n").slice(1).every((line) => HEADER_LINE.test(line));
}

export function parseSipMessage(data: string): ParsedSipMessage | null {
  if (looksLikeResponse(data)) return parseSipResponse(data);
  // sip.js takes a line without a colon as a header named after the whole line; we do not.
  if (!headerLinesWellFormed(data)) return null;
  let parsed: Core.IncomingRequestMessage | Core.IncomingResponseMessage | undefined;
  try {
    // Some malformed headers make sip.js throw.
    parsed = Core.Parser.parseMessage(data, parserLogger());
  } catch {
    return null;
  }
  // Whatever sip.js reads as a response here did not start like one: not ours to match.
  if (!(parsed instanceof Core.IncomingRequestMessage)) return null;
  return { kind: "request", message: parsed, topVia: topVia(parsed.getHeaders("via")) };
}
