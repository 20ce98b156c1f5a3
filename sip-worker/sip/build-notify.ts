// The unsolicited MWI NOTIFY (RFC 3842 §3 over RFC 3265/6665), out of any dialog, as Exchange UM
// sent it to PBXs and gateways. The exact shape is the contract in DESIGN.md "SIP wire format".
//
// Written as one string in the contract's order. The bulk resync sends tens of thousands of these
// a minute, so no SIP library builds them: the identifiers that come from the database (the
// Request-URI and To user and host, our SIP domain) are checked by sip-uri.ts's strict grammar
// instead, and the headers are exactly what sip.js's OutgoingRequestMessage produced before
// (build-notify.test.ts compares against it) minus its "Supported:" and "User-Agent:".
import { MESSAGE_SUMMARY_CONTENT_TYPE, messageSummaryBody } from "../../lib/domain/message-summary";
import type { MwiCounts } from "../../lib/domain/mwi-counts";
import { requestUri, toUri, type SipTarget, type SipTransport } from "../../lib/domain/sip-target";
import { sipHost, type LocalSipAddress } from "./local-address";
import { newBranch, newCallId, newTag } from "./sip-ids";
import { InvalidSipUriError, normalSipUri, parseSipUri, rawSipUri } from "./sip-uri";

export { InvalidSipUriError };

export const MWI_EVENT_PACKAGE = "message-summary";
/** The user part of our own From/Contact URIs: the voice-mail system itself. */
export const UM_USER = "um";

export interface MwiNotifyInput {
  target: SipTarget;
  counts: MwiCounts;
  sipDomain: string;
  /** Our advertised address for Via sent-by and Contact. */
  local: LocalSipAddress;
  /** Fixed identifiers (tests); random ones otherwise. */
  ids?: { branch?: string; fromTag?: string; callId?: string };
}

export interface MwiNotify {
  wire: string;
  method: "NOTIFY";
  cseq: number;
  /** Via branch: the client transaction id (RFC 3261 §17.1.3). */
  branch: string;
  callId: string;
  fromTag: string;
  requestUri: string;
  body: string;
}

/** RFC 3842 §5.2 Message-Account: the mailbox the summary is about, in our own SIP domain. */
export function messageAccountUri(target: SipTarget, sipDomain: string): string {
  // SipName targets already carry a domain ("alice@contoso.com"); keep it rather than nest two.
  return target.user.includes("@") ? `sip:${target.user}` : `sip:${target.user}@${sipDomain}`;
}

/** Contact of a request sent over `transport` (RFC 3261 §8.1.1.8: reachable for this transport). */
function contactUri(local: LocalSipAddress, transport: SipTransport): string {
  if (transport === "TLS") return `sips:${UM_USER}@${local.host}:${local.port}`;
  return `sip:${UM_USER}@${local.host}:${local.port};transport=${transport.toLowerCase()}`;
}

/** Our From URI per SIP domain: the domain is configuration, checked once. */
const fromUris = new Map<string, string>();
function fromUri(sipDomain: string): string {
  let uri = fromUris.get(sipDomain);
  if (uri === undefined) {
    uri = normalSipUri(parseSipUri(`sip:${UM_USER}@${sipDomain}`));
    fromUris.set(sipDomain, uri);
  }
  return uri;
}

export function buildMwiNotify(input: MwiNotifyInput): MwiNotify {
  const { counts, sipDomain, local } = input;
  // RFC 3261 §25.1: an IPv6 gateway address is written as an IPv6reference, in brackets.
  const target = input.target.host.includes(":") ? { ...input.target, host: sipHost(input.target.host) } : input.target;
  const ruri = rawSipUri(parseSipUri(requestUri(target)));
  const to = normalSipUri(parseSipUri(toUri(target)));
  const from = fromUri(sipDomain);
  const branch = input.ids?.branch ?? newBranch();
  const fromTag = input.ids?.fromTag ?? newTag();
  const callId = input.ids?.callId ?? newCallId(local.host);
  const body = messageSummaryBody(counts, messageAccountUri(target, sipDomain));
  const transport = target.transport;

  const wire = `NOTIFY ${ruri} SIP/2.0\r\n`
    // RFC 3261 §18.1.1: the Via carries the transport actually used for this hop.
    + `Via: SIP/2.0/${transport} ${local.host}:${local.port};branch=${branch}\r\n`
    + "Max-Forwards: 70\r\n"
    + `From: <${from}>;tag=${fromTag}\r\n`
    + `To: <${to}>\r\n`
    + `Call-ID: ${callId}\r\n`
    + "CSeq: 1 NOTIFY\r\n"
    + `Contact: <${contactUri(local, transport)}>\r\n`
    + `Event: ${MWI_EVENT_PACKAGE}\r\n`
    // RFC 3265 §3.2.4 / RFC 6665 §4.2.2: an unsolicited NOTIFY belongs to no subscription, so it
    // says the (non-existent) subscription is terminated; PBXs accept it as a one-shot update.
    + "Subscription-State: terminated\r\n"
    + `Content-Type: ${MESSAGE_SUMMARY_CONTENT_TYPE}\r\n`
    // RFC 3261 §20.14: Content-Length counts octets of the body, not characters.
    + `Content-Length: ${Buffer.byteLength(body, "utf8")}\r\n`
    + "\r\n"
    + body;
  return { wire, method: "NOTIFY", cseq: 1, branch, callId, fromTag, requestUri: ruri, body };
}
