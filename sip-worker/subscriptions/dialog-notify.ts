// The in-dialog NOTIFY of a message-summary subscription (RFC 6665 §4.2.2, RFC 3842 §5), built
// from the dialog state stored when the SUBSCRIBE was accepted (RFC 3261 §12.2.1.1): Request-URI
// = the subscriber's Contact (remote target), Route = the Record-Route set, From = our side with
// our tag, To = the subscriber with its tag, the dialog's Call-ID and our next CSeq.
import { Grammar } from "sip.js";
import { MESSAGE_SUMMARY_CONTENT_TYPE, messageSummaryBody } from "../../lib/domain/message-summary";
import type { MwiCounts } from "../../lib/domain/mwi-counts";
import type { SipTransport } from "../../lib/domain/sip-target";
import { MWI_EVENT_PACKAGE, UM_USER } from "../sip/build-notify";
import type { LocalSipAddress } from "../sip/local-address";
import { newBranch } from "../sip/sip-ids";

export interface DialogState {
  callId: string;
  localTag: string;
  remoteTag: string;
  /** URI of our side (the SUBSCRIBE's To), without tag */
  localUri: string;
  /** URI of the subscriber (the SUBSCRIBE's From), without tag */
  remoteUri: string;
  /** the subscriber's Contact URI */
  remoteTarget: string;
  /** Record-Route values in received order: the UAS route set (RFC 3261 §12.1.1) */
  routeSet: string[];
  transport: SipTransport;
}

export interface NextHop {
  host: string;
  port: number;
}

/** Our Contact for a transport (RFC 3261 §8.1.1.8; sips: over TLS). */
export function contactFor(local: LocalSipAddress, transport: SipTransport): string {
  if (transport === "TLS") return `<sips:${UM_USER}@${local.host}:${local.port}>`;
  return `<sip:${UM_USER}@${local.host}:${local.port};transport=${transport.toLowerCase()}>`;
}

/** The URI inside a name-addr ("<sip:…>;lr" → "sip:…;lr"), or the value itself. */
function uriOf(value: string): string {
  const m = /<([^>]*)>/.exec(value);
  return (m ? m[1] : value).trim();
}

/**
 * Where the NOTIFY goes (RFC 3261 §8.1.2 / RFC 3263 without DNS SRV): the first route if there is
 * a route set, else the remote target; its port, or the scheme's default (5061 for sips/TLS).
 * Null when the URI does not parse.
 */
export function nextHop(d: Pick<DialogState, "remoteTarget" | "routeSet" | "transport">): NextHop | null {
  const uri = Grammar.URIParse(d.routeSet.length > 0 ? uriOf(d.routeSet[0]) : d.remoteTarget);
  if (!uri) return null;
  const secure = uri.scheme === "sips" || d.transport === "TLS";
  return { host: uri.host.replace(/^\[|\]$/g, ""), port: uri.port ?? (secure ? 5061 : 5060) };
}

export interface DialogNotifyInput {
  dialog: DialogState;
  cseq: number;
  /** Subscription-State value (subscription-rules.subscriptionStateHeader) */
  subscriptionState: string;
  counts: MwiCounts;
  messageAccount: string;
  local: LocalSipAddress;
}

export function buildDialogNotify(input: DialogNotifyInput): { wire: string; branch: string; method: "NOTIFY" } {
  const { dialog, local } = input;
  const branch = newBranch();
  const body = messageSummaryBody(input.counts, input.messageAccount);
  const lines = [
    `NOTIFY ${dialog.remoteTarget} SIP/2.0`,
    // RFC 3581 rport: lets a subscriber behind NAT answer to where the NOTIFY came from.
    `Via: SIP/2.0/${dialog.transport} ${local.host}:${local.port};branch=${branch};rport`,
    "Max-Forwards: 70",
    // Loose routing (RFC 3261 §16.12): the route set goes in Route, in order; Request-URI stays the target.
    ...dialog.routeSet.map((r) => `Route: ${r}`),
    `From: <${dialog.localUri}>;tag=${dialog.localTag}`,
    `To: <${dialog.remoteUri}>;tag=${dialog.remoteTag}`,
    `Call-ID: ${dialog.callId}`,
    `CSeq: ${input.cseq} NOTIFY`,
    `Contact: ${contactFor(local, dialog.transport)}`,
    `Event: ${MWI_EVENT_PACKAGE}`,
    `Subscription-State: ${input.subscriptionState}`,
    `Content-Type: ${MESSAGE_SUMMARY_CONTENT_TYPE}`,
    `Content-Length: ${Buffer.byteLength(body, "utf8")}`,
  ];
  return { wire: lines.join("\r\n") + "\r\n\r\n" + body, branch, method: "NOTIFY" };
}
