// The unsolicited MWI NOTIFY (RFC 3842 §3 over RFC 3265/6665), out of any dialog, as Exchange UM
// sent it to PBXs and gateways. The exact shape is the contract in DESIGN.md "SIP wire format".
//
// sip.js's OutgoingRequestMessage builds and validates the pieces (URIs, name-addr headers, tags,
// Call-ID, Via). Its toString() cannot be used as is: it always appends "Supported:" (empty with
// optionTags: []) and "User-Agent: sip.js", and orders headers its own way. So the message is
// serialized here in the contract's order from the values sip.js produced.
import { Core, Grammar } from "sip.js";
import { MESSAGE_SUMMARY_CONTENT_TYPE, messageSummaryBody } from "../../lib/domain/message-summary";
import type { MwiCounts } from "../../lib/domain/mwi-counts";
import { requestUri, toUri, type SipTarget, type SipTransport } from "../../lib/domain/sip-target";
import type { LocalSipAddress } from "./local-address";
import { newBranch, newCallId, newTag } from "./sip-ids";

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

export class InvalidSipUriError extends Error {
  constructor(readonly uri: string) {
    super(`not a valid SIP URI: ${JSON.stringify(uri)}`);
    this.name = "InvalidSipUriError";
  }
}

function parseUri(uri: string): Core.URI {
  const parsed = Grammar.URIParse(uri);
  if (!parsed) throw new InvalidSipUriError(uri);
  return parsed;
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

export function buildMwiNotify(input: MwiNotifyInput): MwiNotify {
  const { target, counts, sipDomain, local } = input;
  const branch = input.ids?.branch ?? newBranch();
  const fromTag = input.ids?.fromTag ?? newTag();
  const callId = input.ids?.callId ?? newCallId(local.host);
  const body = messageSummaryBody(counts, messageAccountUri(target, sipDomain));

  const ruri = requestUri(target);
  const message = new Core.OutgoingRequestMessage(
    "NOTIFY",
    parseUri(ruri),
    parseUri(`sip:${UM_USER}@${sipDomain}`),
    parseUri(toUri(target)),
    { callId, cseq: 1, fromTag, optionTags: [], viaHost: `${local.host}:${local.port}` },
    [
      `Contact: <${contactUri(local, target.transport)}>`,
      `Event: ${MWI_EVENT_PACKAGE}`,
      // RFC 3265 §3.2.4 / RFC 6665 §4.2.2: an unsolicited NOTIFY belongs to no subscription, so it
      // says the (non-existent) subscription is terminated; PBXs accept it as a one-shot update.
      "Subscription-State: terminated",
    ],
    { contentDisposition: "render", contentType: MESSAGE_SUMMARY_CONTENT_TYPE, content: body },
  );
  // RFC 3261 §18.1.1: the Via carries the transport actually used for this hop.
  message.setViaHeader(branch, target.transport);

  const header = (name: string): string => {
    const value = message.getHeader(name);
    if (value === undefined) throw new Error(`sip.js did not produce a ${name} header`);
    return value;
  };
  const lines = [
    `NOTIFY ${message.ruri.toRaw()} SIP/2.0`,
    `Via: ${header("Via")}`,
    `Max-Forwards: ${header("Max-Forwards")}`,
    `From: ${header("From")}`,
    `To: ${header("To")}`,
    `Call-ID: ${header("Call-ID")}`,
    `CSeq: ${header("CSeq")}`,
    `Contact: ${header("Contact")}`,
    `Event: ${header("Event")}`,
    `Subscription-State: ${header("Subscription-State")}`,
    `Content-Type: ${MESSAGE_SUMMARY_CONTENT_TYPE}`,
    // RFC 3261 §20.14: Content-Length counts octets of the body, not characters.
    `Content-Length: ${Buffer.byteLength(body, "utf8")}`,
  ];
  return {
    wire: lines.join("\r\n") + "\r\n\r\n" + body,
    method: "NOTIFY",
    cseq: message.cseq,
    branch,
    callId: message.callId,
    fromTag: message.fromTag,
    requestUri: message.ruri.toRaw(),
    body,
  };
}
