// What the worker's SIP listeners answer. OPTIONS (PBXs and SBCs use it to ping their trunk
// peers) is answered here; SUBSCRIBE goes to the subscription handler when one is configured
// (createSipRequestHandler); every other method is answered 501 so a peer learns at once instead
// of timing out.
import type { Core } from "sip.js";
import type { SipTransport } from "../../lib/domain/sip-target";
import type { ParsedSipMessage } from "./parse-message";
import { newTag } from "./sip-ids";
import { viaValues, type ViaValue } from "./via";

/** Methods we implement: listed in Allow (RFC 3261 §20.5) — only what really gets handled. */
export const ALLOWED_METHODS: readonly string[] = Object.freeze(["OPTIONS"]);

export interface RequestSource {
  address: string;
  port: number;
  /** The transport the request arrived on (TCP when not said). */
  transport?: SipTransport;
}

export interface RequestOutcome {
  /** Wire text of the response; null when nothing must be sent (ACK, unroutable garbage). */
  response: string | null;
  statusCode: number | null;
  note: string;
  /** Runs once the response has been handed to the transport (e.g. the SUBSCRIBE's first NOTIFY). */
  afterResponse?: () => void;
}

export type ParsedRequest = Extract<ParsedSipMessage, { kind: "request" }>;

/**
 * What a transport calls for every inbound request. May answer asynchronously (SUBSCRIBE reads
 * the database); the transport writes `response` when it settles, then runs `afterResponse`.
 */
export type RequestHandler = (request: ParsedRequest, source: RequestSource) => RequestOutcome | Promise<RequestOutcome>;

/**
 * RFC 3261 §18.2.1 (and RFC 3581 §4 for rport): the server transport stamps the topmost Via with
 * the address the request really came from, so responses can follow the real path back.
 */
function stampTopVia(top: ViaValue, source: RequestSource): string {
  let value = top.raw;
  const sentByHost = top.host.replace(/^\[|\]$/g, "");
  const needsReceived = sentByHost !== source.address || top.params.has("rport");
  if (needsReceived && !top.params.has("received")) value += `;received=${source.address}`;
  if (top.params.has("rport") && top.params.get("rport") === null) {
    value = value.replace(/;[ \t]*rport(?=[ \t]*(;|$))/i, `;rport=${source.port}`);
  }
  return value;
}

/**
 * RFC 3261 §8.2.6.2: a response copies Via (all values, in order), From, Call-ID and CSeq, copies
 * To and adds a tag when the request's To had none. Body-less, so Content-Length: 0 (§20.14).
 */
function buildResponse(
  req: Core.IncomingRequestMessage, top: ViaValue, source: RequestSource,
  statusCode: number, reasonPhrase: string, extraHeaders: string[] = [], toTag?: string,
): string {
  const vias = viaValues(req.getHeaders("via"));
  vias[0] = stampTopVia(top, source);
  const lines = [`SIP/2.0 ${statusCode} ${reasonPhrase}`, ...vias.map((v) => `Via: ${v}`)];
  const from = req.getHeader("from");
  const to = req.getHeader("to");
  const callId = req.getHeader("call-id");
  const cseq = req.getHeader("cseq");
  if (from !== undefined) lines.push(`From: ${from}`);
  if (to !== undefined) lines.push(`To: ${to}${req.toTag ? "" : `;tag=${toTag ?? newTag()}`}`);
  if (callId !== undefined) lines.push(`Call-ID: ${callId}`);
  if (cseq !== undefined) lines.push(`CSeq: ${cseq}`);
  lines.push(...extraHeaders, "Content-Length: 0");
  return lines.join("\r\n") + "\r\n\r\n";
}

/**
 * A response to `parsed` (§8.2.6); null when it has no usable Via. `toTag` is the tag we give a
 * request without one (a dialog-creating SUBSCRIBE must know the tag it answered with).
 */
export function sipResponse(
  parsed: ParsedRequest, source: RequestSource, statusCode: number, reasonPhrase: string,
  extraHeaders: string[] = [], toTag?: string,
): string | null {
  return parsed.topVia ? buildResponse(parsed.message, parsed.topVia, source, statusCode, reasonPhrase, extraHeaders, toTag) : null;
}

export interface SipRequestHandlers {
  /** RFC 6665 SUBSCRIBE; without it SUBSCRIBE is answered 501 like any unimplemented method. */
  subscribe?: (request: ParsedRequest, source: RequestSource) => Promise<RequestOutcome>;
}

/** The listeners' request handler: the common checks below, then the method's own handler. */
export function createSipRequestHandler(handlers: SipRequestHandlers): RequestHandler {
  const allowed = [...ALLOWED_METHODS, ...(handlers.subscribe ? ["SUBSCRIBE"] : [])];
  return (parsed, source) => {
    if (parsed.message.method === "SUBSCRIBE" && handlers.subscribe) {
      return commonChecks(parsed, source) ?? handlers.subscribe(parsed, source);
    }
    return handleSipRequest(parsed, source, allowed);
  };
}

/** What every request must pass before its method is looked at; null when it passes. */
function commonChecks(parsed: ParsedRequest, source: RequestSource): RequestOutcome | null {
  const req = parsed.message;
  // RFC 3261 §17.1.1.3 / §17.2.1: ACK is never answered; it only completes an INVITE transaction.
  if (req.method === "ACK") return { response: null, statusCode: null, note: "ACK absorbed" };
  // Without a topmost Via a response has nowhere to go (§18.2.2): drop.
  const top = parsed.topVia;
  if (!top) return { response: null, statusCode: null, note: "dropped: no usable Via" };
  const respond = (code: number, reason: string): RequestOutcome =>
    ({ response: buildResponse(req, top, source, code, reason), statusCode: code, note: reason });
  // §8.1.1: To, From, CSeq, Call-ID and Via are mandatory (Max-Forwards is tolerated if absent).
  const missing = (["From", "To", "Call-ID", "CSeq"] as const).filter((h) => !req.hasHeader(h));
  if (missing.length > 0) return respond(400, `Bad Request (missing ${missing.join(", ")})`);
  const cseqMethod = /^\s*\d+\s+(\S+)\s*$/.exec(req.getHeader("cseq") ?? "")?.[1];
  if (cseqMethod !== req.method) return respond(400, "Bad Request (CSeq method does not match)");
  return null;
}

export function handleSipRequest(
  parsed: ParsedRequest, source: RequestSource, allowed: readonly string[] = ALLOWED_METHODS,
): RequestOutcome {
  const early = commonChecks(parsed, source);
  if (early) return early;
  const req = parsed.message;
  const top = parsed.topVia!;
  const respond = (code: number, reason: string, extra: string[] = [], note = reason): RequestOutcome =>
    ({ response: buildResponse(req, top, source, code, reason, extra), statusCode: code, note });

  const allow = `Allow: ${allowed.join(", ")}`;
  switch (req.method) {
    case "OPTIONS": {
      // §8.2.2.3: an extension we do not know in Require must be refused with 420.
      const required = req.getHeaders("require").flatMap((r) => r.split(",")).map((t) => t.trim()).filter(Boolean);
      if (required.length > 0) return respond(420, "Bad Extension", [`Unsupported: ${required.join(", ")}`]);
      // §11.2: the answer to OPTIONS tells what we can do: only the Allow list is meaningful now.
      return respond(200, "OK", [allow]);
    }
    case "CANCEL":
      // §9.2: we never hold a pending server transaction a CANCEL could match.
      return respond(481, "Call/Transaction Does Not Exist");
    default:
      // §8.2.1: a method we do not implement at all gets 501 (405 is for known-but-refused ones).
      return respond(501, "Not Implemented", [allow], `${req.method}: 501 Not Implemented`);
  }
}
