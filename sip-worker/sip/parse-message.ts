// Parses one framed SIP message (the transport has already cut the stream by Content-Length).
// Input comes from the network, so nothing here may throw: anything sip.js cannot make sense of,
// or that lacks what a transaction needs to be matched, is reported as null and dropped.
import { Core } from "sip.js";
import { topVia, type ViaValue } from "./via";

export type ParsedSipMessage =
  | { kind: "request"; message: Core.IncomingRequestMessage; topVia: ViaValue | null }
  | {
    kind: "response"; message: Core.IncomingResponseMessage; topVia: ViaValue;
    branch: string; statusCode: number; reasonPhrase: string;
  };

// sip.js logs parse problems to the console by default; the worker logs drops itself.
const loggerFactory = new Core.LoggerFactory();
loggerFactory.builtinEnabled = false;
const sipJsLogger = loggerFactory.getLogger("sip.parser");

/** RFC 3261 §7.3.1: every header line is `token HCOLON value`; folded lines start with SP/HT. */
const HEADER_LINE = /^(?:[A-Za-z0-9\-.!%*_+`'~]+[ \t]*:|[ \t])/;

function headerLinesWellFormed(data: string): boolean {
  const end = data.indexOf("\r\n\r\n");
  const head = end < 0 ? data : data.slice(0, end);
  return head.split("\r\n").slice(1).every((line) => HEADER_LINE.test(line));
}

export function parseSipMessage(data: string): ParsedSipMessage | null {
  // sip.js takes a line without a colon as a header named after the whole line; we do not.
  if (!headerLinesWellFormed(data)) return null;
  let parsed: Core.IncomingRequestMessage | Core.IncomingResponseMessage | undefined;
  try {
    // Some malformed headers make sip.js throw (e.g. a response whose CSeq does not parse).
    parsed = Core.Parser.parseMessage(data, sipJsLogger);
  } catch {
    return null;
  }
  if (!parsed) return null;
  const via = topVia(parsed.getHeaders("via"));
  if (parsed instanceof Core.IncomingRequestMessage) return { kind: "request", message: parsed, topVia: via };
  if (parsed instanceof Core.IncomingResponseMessage) {
    // A response is only useful if it can be matched to a client transaction (RFC 3261 §17.1.3):
    // branch of the topmost Via and the CSeq method.
    const statusCode = parsed.statusCode;
    if (!via?.branch || !parsed.method || statusCode === undefined || !Number.isInteger(statusCode)) return null;
    return {
      kind: "response", message: parsed, topVia: via, branch: via.branch,
      statusCode, reasonPhrase: parsed.reasonPhrase ?? "",
    };
  }
  return null;
}
