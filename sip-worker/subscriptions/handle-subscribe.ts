// Answers SUBSCRIBE for the message-summary event package (RFC 6665 §4.2.1, RFC 3842): creates,
// refreshes and ends subscriptions, which live in the database (SipSubscription) so they survive
// a worker restart. Every accepted SUBSCRIBE — initial, refresh, unsubscribe — is followed by a
// NOTIFY with the current state (RFC 6665 §4.2.1.1-§4.2.1.4), sent after the 200 has been handed
// to the transport so the subscriber sees the dialog's answer first.
import type { Logger } from "pino";
import type { Core } from "sip.js";
import {
  createSipSubscription, deleteSipSubscription, findMailboxesForSubscription, findSipSubscriptionByDialog,
  findSubscribedMailbox, refreshSipSubscription, type SipSubscriptionRow,
} from "../../lib/data/sip-subscriptions";
import type { SipTransport } from "../../lib/domain/sip-target";
import { decideExpires, subscriberMayReceiveMwi, type ExpiresBounds } from "../../lib/domain/subscription-rules";
import { MESSAGE_SUMMARY_CONTENT_TYPE } from "../../lib/domain/message-summary";
import { MWI_EVENT_PACKAGE } from "../sip/build-notify";
import { sipResponse, type ParsedRequest, type RequestOutcome, type RequestSource } from "../sip/handle-request";
import type { LocalSipAddress } from "../sip/local-address";
import { newTag } from "../sip/sip-ids";
import { splitHeaderValues } from "../sip/via";
import { contactFor } from "./dialog-notify";
import type { SubscriptionNotifier } from "./notifier";

export interface SubscribeHandlerDeps {
  bounds: ExpiresBounds;
  local: Partial<Record<SipTransport, LocalSipAddress>>;
  notifier: SubscriptionNotifier;
  logger: Logger;
  now?: () => Date;
}

const ALLOW_EVENTS = `Allow-Events: ${MWI_EVENT_PACKAGE}`;

/** The event package of an Event header value ("message-summary;id=3" → "message-summary"). */
function eventPackage(value: string | undefined): string | undefined {
  return value?.split(";")[0].trim().toLowerCase() || undefined;
}

/** RFC 3261 §20.1: does an Accept header (absent = the package default) allow our body type? */
function acceptsMessageSummary(values: string[]): boolean {
  if (values.length === 0) return true;
  const types = values.flatMap((v) => v.split(",")).map((t) => t.split(";")[0].trim().toLowerCase()).filter(Boolean);
  if (types.length === 0) return true;
  return types.some((t) => t === MESSAGE_SUMMARY_CONTENT_TYPE || t === "application/*" || t === "*/*");
}

function contactUri(req: Core.IncomingRequestMessage): string | undefined {
  try {
    const contact = req.parseHeader("contact") as { uri?: { toString(): string } } | undefined;
    return contact?.uri?.toString();
  } catch {
    return undefined;
  }
}

export function createSubscribeHandler(deps: SubscribeHandlerDeps) {
  const now = () => (deps.now ?? (() => new Date()))();

  return async function handleSubscribe(parsed: ParsedRequest, source: RequestSource): Promise<RequestOutcome> {
    const req = parsed.message;
    const transport: SipTransport = source.transport ?? "TCP";
    const local = deps.local[transport];
    const respond = (code: number, reason: string, extra: string[] = [], toTag?: string, note = reason): RequestOutcome =>
      ({ response: sipResponse(parsed, source, code, reason, extra, toTag), statusCode: code, note });
    try {
      // RFC 6665 §8.2.1 / §7.2.2: an event package we do not serve (or none at all) gets 489 with Allow-Events.
      const pkg = eventPackage(req.getHeader("event"));
      if (pkg !== MWI_EVENT_PACKAGE) return respond(489, "Bad Event", [ALLOW_EVENTS], undefined, `489 for event ${pkg ?? "(none)"}`);
      if (!acceptsMessageSummary(req.getHeaders("accept"))) {
        return respond(406, "Not Acceptable", [`Accept: ${MESSAGE_SUMMARY_CONTENT_TYPE}`]);
      }
      const expiresRaw = req.getHeader("expires");
      if (expiresRaw !== undefined && !/^\s*\d{1,10}\s*$/.test(expiresRaw)) return respond(400, "Bad Request (invalid Expires)");
      const requested = expiresRaw === undefined ? undefined : Number(expiresRaw.trim());
      const cseq = req.cseq;
      if (!Number.isInteger(cseq) || cseq < 0 || !req.callId || !req.fromTag) return respond(400, "Bad Request (missing From tag)");
      if (!local) return respond(500, "Server Internal Error", [], undefined, `no local address for ${transport}`);

      if (req.toTag) return await inDialog(parsed, source, requested, respond);
      return await initial(parsed, source, transport, local, requested, respond);
    } catch (err) {
      deps.logger.error({ err }, "SUBSCRIBE handling failed");
      return respond(500, "Server Internal Error");
    }
  };

  async function initial(
    parsed: ParsedRequest, source: RequestSource, transport: SipTransport, local: LocalSipAddress,
    requested: number | undefined, respond: (code: number, reason: string, extra?: string[], toTag?: string, note?: string) => RequestOutcome,
  ): Promise<RequestOutcome> {
    const req = parsed.message;
    const remoteTarget = contactUri(req);
    // RFC 6665 §4.1.2.1 (a SUBSCRIBE creates a dialog): without a Contact there is nowhere to NOTIFY.
    if (!remoteTarget) return respond(400, "Bad Request (missing or invalid Contact)");
    const user = req.ruri?.user;
    const host = req.ruri?.host ?? "";
    if (!user) return respond(404, "Not Found", [], undefined, "404: Request-URI has no user");
    const mailboxes = await findMailboxesForSubscription(user, host);
    if (mailboxes.length > 1) return respond(485, "Ambiguous", [], undefined, `485: ${user} names several mailboxes`);
    const mailbox = mailboxes[0];
    // A mailbox that is not UM-enabled has no voice mail: to a SIP peer it does not exist.
    if (!mailbox || !mailbox.umEnabled) return respond(404, "Not Found", [], undefined, `404: no UM mailbox ${user}`);
    const may = subscriberMayReceiveMwi(mailbox);
    if (!may.allowed) return respond(403, "Forbidden", [], undefined, `403: ${may.explanation}`);

    const decision = decideExpires(requested, deps.bounds);
    if (decision.kind === "too-brief") return respond(423, "Interval Too Brief", [`Min-Expires: ${decision.minExpires}`]);
    const localTag = newTag();
    const recordRoutes = req.getHeaders("record-route").flatMap(splitHeaderValues);
    const at = now();
    const expires = decision.kind === "accept" ? decision.expires : 0;
    const row: Omit<SipSubscriptionRow, "id" | "createdAt"> = {
      mailboxId: mailbox.id, callId: req.callId, localTag, remoteTag: req.fromTag, remoteUri: req.from.uri.toString(),
      remoteTarget, transport, peerHost: source.address, peerPort: source.port, localUri: req.to.uri.toString(),
      localCseq: 0, remoteCseq: req.cseq, routeSet: JSON.stringify(recordRoutes), expiresSeconds: expires,
      // The NOTIFY after our 200 tells the current state; until then the change loop stays away.
      lastNotifiedVersion: mailbox.mwiState?.version ?? 0,
      expiresAt: new Date(at.getTime() + expires * 1000),
    };
    // RFC 3261 §12.1.1: a dialog-creating 2xx copies Record-Route and carries our Contact.
    const okHeaders = [...recordRoutes.map((r) => `Record-Route: ${r}`), `Expires: ${expires}`, `Contact: ${contactFor(local, transport)}`];
    if (decision.kind === "unsubscribe") {
      // A fetch (RFC 6665 §4.4.3): answer, tell the state once, keep nothing.
      const fetched: SipSubscriptionRow = { ...row, id: "fetch", createdAt: at };
      const out = respond(200, "OK", okHeaders, localTag, "200: fetch");
      return { ...out, afterResponse: () => void deps.notifier.notifyTerminated(fetched).catch(logNotifyError) };
    }
    const created = await createSipSubscription(row);
    deps.logger.info({ subscriptionId: created.id, mailboxId: mailbox.id, expires, transport, peer: `${source.address}:${source.port}` },
      "message-summary subscription created");
    const out = respond(200, "OK", okHeaders, localTag, `200: subscribed for ${expires} s`);
    return { ...out, afterResponse: () => void deps.notifier.notifyState(created.id).catch(logNotifyError) };
  }

  async function inDialog(
    parsed: ParsedRequest, source: RequestSource, requested: number | undefined,
    respond: (code: number, reason: string, extra?: string[], toTag?: string, note?: string) => RequestOutcome,
  ): Promise<RequestOutcome> {
    const req = parsed.message;
    const sub = await findSipSubscriptionByDialog(req.callId, req.toTag);
    // RFC 6665 §4.2.1.2 / RFC 3261 §12.2.2: a refresh of a subscription we do not have.
    if (!sub || sub.remoteTag !== req.fromTag) return respond(481, "Subscription Does Not Exist");
    if (req.cseq <= sub.remoteCseq) return respond(500, "Server Internal Error (CSeq out of order)");
    const local = deps.local[sub.transport as SipTransport] ?? deps.local[source.transport ?? "TCP"]!;
    const decision = decideExpires(requested, deps.bounds);
    if (decision.kind === "too-brief") return respond(423, "Interval Too Brief", [`Min-Expires: ${decision.minExpires}`]);
    if (decision.kind === "unsubscribe") {
      // RFC 6665 §4.1.2.3 / §4.2.1.4: accept, then a last NOTIFY saying "terminated".
      const removed = await deleteSipSubscription(sub.id);
      deps.logger.info({ subscriptionId: sub.id }, "message-summary subscription ended by the subscriber");
      const out = respond(200, "OK", ["Expires: 0", `Contact: ${contactFor(local, sub.transport as SipTransport)}`], undefined, "200: unsubscribed");
      return removed ? { ...out, afterResponse: () => void deps.notifier.notifyTerminated(sub).catch(logNotifyError) } : out;
    }
    const mailbox = await findSubscribedMailbox(sub.mailboxId);
    const may = mailbox ? subscriberMayReceiveMwi(mailbox) : { allowed: false as const, explanation: "mailbox removed" };
    if (!may.allowed) {
      // A refresh refused with a non-2xx ends the subscription on both sides (RFC 6665 §4.1.2.2).
      await deleteSipSubscription(sub.id);
      return respond(403, "Forbidden", [], undefined, `403: ${may.explanation}`);
    }
    const expiresAt = new Date(now().getTime() + decision.expires * 1000);
    const remoteTarget = contactUri(req) ?? sub.remoteTarget; // §12.2.2: a refresh may update the target
    if (!(await refreshSipSubscription(sub.id, { remoteCseq: req.cseq, expiresSeconds: decision.expires, expiresAt, remoteTarget }))) {
      return respond(500, "Server Internal Error (CSeq out of order)");
    }
    const out = respond(200, "OK", [`Expires: ${decision.expires}`, `Contact: ${contactFor(local, sub.transport as SipTransport)}`],
      undefined, `200: refreshed for ${decision.expires} s`);
    return { ...out, afterResponse: () => void deps.notifier.notifyState(sub.id).catch(logNotifyError) };
  }

  function logNotifyError(err: unknown): void {
    deps.logger.error({ err }, "subscription NOTIFY failed unexpectedly");
  }
}
