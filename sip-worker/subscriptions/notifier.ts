// Sends the NOTIFYs of message-summary subscriptions and acts on their outcome (RFC 6665 §4.2.2).
// A NOTIFY carries the mailbox's state at sending time. Its CSeq is claimed in the database first,
// so whichever worker or path (SUBSCRIBE handler, change loop) claims it sends it, once.
//
// Outcome: 2xx keeps the subscription. A NOTIFY that "failed" in the RFC 6665 §4.2.2 sense — a
// timeout, a transport failure, or a non-2xx final response without Retry-After (481 above all:
// the subscriber no longer knows the dialog) — removes the subscription: no further NOTIFYs go
// to a subscriber that cannot take them. A non-2xx with Retry-After keeps it and the state is
// sent again after the interval.
import type { Logger } from "pino";
import {
  claimNotifyCseq, deleteSipSubscription, findSipSubscription, findSubscribedMailbox, forgetNotifiedVersion,
  type SipSubscriptionRow, type SubscribableMailbox,
} from "../../lib/data/sip-subscriptions";
import { NO_MESSAGES, type MwiCounts } from "../../lib/domain/mwi-counts";
import type { SipTransport } from "../../lib/domain/sip-target";
import {
  remainingSeconds, subscriberMayReceiveMwi, subscriptionStateHeader, type TerminationReason,
} from "../../lib/domain/subscription-rules";
import type { LocalSipAddress } from "../sip/local-address";
import { isFinalResponse, type SipClient, type SipSendResult } from "../transports/sip-client";
import type { SipStreamClient } from "../transports/stream-client";
import type { SipStreamListener } from "../transports/stream-listener";
import { buildDialogNotify, nextHop, type DialogState } from "./dialog-notify";

export interface NotifierDeps {
  clients: Partial<Record<SipTransport, SipClient>>;
  /** Stream listeners, to reuse the connection a SUBSCRIBE came in on. */
  listeners: Partial<Record<"TCP" | "TLS", SipStreamListener>>;
  local: Partial<Record<SipTransport, LocalSipAddress>>;
  logger: Logger;
  now?: () => Date;
}

export type NotifyPurpose =
  | { state: "active" } // initial, refresh, or a state change
  | { state: "terminated"; reason?: TerminationReason }; // the row is already gone

export type NotifyOutcome = "sent" | "skipped" | "dropped" | "retry-later";

function countsOf(m: SubscribableMailbox | null): MwiCounts {
  const s = m?.mwiState;
  if (!s) return NO_MESSAGES;
  return {
    messagesWaiting: s.messagesWaiting, newCount: s.newCount, oldCount: s.oldCount,
    newUrgentCount: s.newUrgentCount, oldUrgentCount: s.oldUrgentCount,
  };
}

export function dialogOf(row: SipSubscriptionRow): DialogState {
  let routeSet: string[] = [];
  try {
    const parsed: unknown = JSON.parse(row.routeSet);
    if (Array.isArray(parsed)) routeSet = parsed.filter((r): r is string => typeof r === "string");
  } catch {
    routeSet = [];
  }
  return {
    callId: row.callId, localTag: row.localTag, remoteTag: row.remoteTag, localUri: row.localUri,
    remoteUri: row.remoteUri, remoteTarget: row.remoteTarget, routeSet, transport: row.transport as SipTransport,
  };
}

function describe(r: SipSendResult): string {
  return isFinalResponse(r) ? `${r.statusCode} ${r.reasonPhrase}`.trim() : `${r.error}${r.detail ? ` (${r.detail})` : ""}`;
}

export class SubscriptionNotifier {
  /** Subscriptions a subscriber asked us to leave alone for a while (Retry-After), by id. */
  private readonly notBefore = new Map<string, number>();

  constructor(private readonly deps: NotifierDeps) {}

  private now(): Date {
    return (this.deps.now ?? (() => new Date()))();
  }

  /** False while a Retry-After from the subscriber is running. */
  due(id: string): boolean {
    const t = this.notBefore.get(id);
    if (t === undefined) return true;
    if (t > this.now().getTime()) return false;
    this.notBefore.delete(id);
    return true;
  }

  /** Sends the current state in an active subscription (by id; re-read so nothing is stale). */
  async notifyState(id: string): Promise<NotifyOutcome> {
    const row = await findSipSubscription(id);
    if (!row) return "skipped";
    const now = this.now();
    if (row.expiresAt.getTime() <= now.getTime()) return "skipped"; // the expiry pass ends it
    const mailbox = await findSubscribedMailbox(row.mailboxId);
    const allowed = mailbox ? subscriberMayReceiveMwi(mailbox) : { allowed: false as const, explanation: "mailbox removed" };
    if (!allowed.allowed) {
      // Policy stopped allowing MWI (or UM was disabled): end the subscription with the lamp off
      // (DESIGN "Turning lamps off"); RFC 6665 §4.1.3 "rejected" = authorization policy changed.
      if (!(await deleteSipSubscription(row.id))) return "skipped";
      this.deps.logger.info({ subscriptionId: row.id, reason: allowed.explanation }, "subscription ended: MWI no longer allowed");
      return this.send(row, row.localCseq + 1, { state: "terminated", reason: "rejected" }, NO_MESSAGES);
    }
    const version = mailbox?.mwiState?.version ?? 0;
    if (!(await claimNotifyCseq(row.id, row.localCseq, version))) return "skipped"; // someone else sent it
    const outcome = await this.send(row, row.localCseq + 1, { state: "active" }, countsOf(mailbox));
    if (outcome === "retry-later") await forgetNotifiedVersion(row.id, version);
    return outcome;
  }

  /**
   * The last NOTIFY of a subscription whose row the caller already deleted (unsubscribe, fetch,
   * expiry): `Subscription-State: terminated` with the current state.
   */
  async notifyTerminated(row: SipSubscriptionRow, reason?: TerminationReason): Promise<NotifyOutcome> {
    const mailbox = await findSubscribedMailbox(row.mailboxId);
    const allowed = mailbox ? subscriberMayReceiveMwi(mailbox).allowed : false;
    return this.send(row, row.localCseq + 1, { state: "terminated", reason }, allowed ? countsOf(mailbox) : NO_MESSAGES);
  }

  private async send(row: SipSubscriptionRow, cseq: number, purpose: NotifyPurpose, counts: MwiCounts): Promise<NotifyOutcome> {
    const log = this.deps.logger.child({ subscriptionId: row.id, mailboxId: row.mailboxId, callId: row.callId });
    const dialog = dialogOf(row);
    const transport = dialog.transport;
    const client = this.deps.clients[transport];
    const local = this.deps.local[transport];
    const hop = nextHop(dialog);
    const terminate = async (why: string) => {
      if (purpose.state === "active") await deleteSipSubscription(row.id);
      this.notBefore.delete(row.id);
      log.info({ reason: why }, purpose.state === "active" ? "subscription dropped: NOTIFY failed" : "final NOTIFY failed");
      return "dropped" as const;
    };
    if (!client || !local || !hop) return terminate(!hop ? `unusable target ${dialog.remoteTarget}` : `no ${transport} transport`);

    const subscriptionState = purpose.state === "active"
      ? subscriptionStateHeader({ state: "active", expiresInSeconds: remainingSeconds(row.expiresAt, this.now()) })
      : subscriptionStateHeader({ state: "terminated", reason: purpose.reason });
    const notify = buildDialogNotify({ dialog, cseq, subscriptionState, counts, messageAccount: row.localUri, local });

    // Stream transports: back over the connection the SUBSCRIBE came in on while it is open
    // (RFC 5923-style reuse; the only way to a subscriber behind NAT), else a connection to the
    // next hop. UDP: to the next hop.
    const inbound = transport === "TCP" || transport === "TLS" ? this.deps.listeners[transport]?.socketFor(row.peerHost, row.peerPort) : undefined;
    const result = inbound && "sendOn" in client
      ? await (client as SipStreamClient).sendOn(inbound, notify)
      : await client.send({ ...notify, host: hop.host, port: hop.port });

    if (isFinalResponse(result) && result.statusCode >= 200 && result.statusCode < 300) {
      log.debug({ cseq, subscriptionState, status: result.statusCode }, "subscription NOTIFY delivered");
      return "sent";
    }
    if (isFinalResponse(result) && result.retryAfterMs !== undefined && purpose.state === "active") {
      this.notBefore.set(row.id, this.now().getTime() + result.retryAfterMs);
      log.info({ status: result.statusCode, retryAfterMs: result.retryAfterMs }, "subscriber asked to retry the NOTIFY later");
      return "retry-later";
    }
    return terminate(describe(result));
  }
}
