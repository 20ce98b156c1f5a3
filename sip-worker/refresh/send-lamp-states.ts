// The bulk sending of lamp states shared by the periodic refresh (outbox "refresh" rows,
// deliver-refresh-batch.ts) and resync jobs (chunks of the estate, deliver-resync-chunk.ts): a
// batch's contexts are read in a few queries, its NOTIFYs go out concurrently under the
// per-gateway rate cap, and what happened to each lamp is handed to the caller to write in bulk.
//
// Only the plain case is handled here: one state NOTIFY to the first eligible gateway of the
// dial plan's transport. Anything else (a failing gateway, a per-gateway transport, a mailbox
// without its SIP identifier) is handed over to the full delivery path (deliverMwi), with its
// failover, retries and failure events.
import type { Logger } from "pino";
import type { DeliveryAttemptRecord, DeliveryContext } from "../../lib/data/mwi-delivery";
import { loadDeliveryContexts, mailboxesWithPendingChanges, type DeliveredState } from "../../lib/data/mwi-refresh";
import type { MwiCounts } from "../../lib/domain/mwi-counts";
import { nextRefreshAfterSend } from "../../lib/domain/refresh-schedule";
import { sipTarget, transportFor } from "../../lib/domain/sip-target";
import { buildMwiNotify } from "../sip/build-notify";
import { isFinalResponse } from "../transports/sip-client";
import { hostPort, planDelivery, type DeliveryDeps } from "../outbox/deliver-mwi";

/** The metrics a bulk send counts (the worker's, or a helper thread's relay to them). */
export interface LampMetrics {
  notifies: { inc(labels: { result: string; gateway: string }): void };
  refreshNotifies: { inc(labels: { source: string }): void };
  deliveryLatency: { observe(seconds: number): void };
}

export interface LampSendDeps extends Omit<DeliveryDeps, "metrics"> {
  metrics?: LampMetrics;
  refreshPeriodMs: number;
  /** Gateways that failed a batch send recently: skip the fast path for them until this time. */
  gatewayBackoff: Map<string, number>;
}

/** One lamp to send; `item` is the caller's handle on it (an outbox row, a chunk's mailbox). */
export interface LampToSend<T> {
  item: T;
  mailboxId: string;
  /** When the send was asked for (the delivery latency histogram). */
  queuedAt: Date;
  source: "refresh" | "resync";
  /** The outbox row the attempt belongs to, if any. */
  outboxId: string | null;
}

/** What happened to lamps since the last write; the caller records it. */
export interface LampOutcomes<T> {
  delivered: (DeliveredState & { item: T })[];
  attempts: DeliveryAttemptRecord[];
  /** Finished without a NOTIFY: a pending change carries the newest state, or there is nothing to send. */
  finished: { item: T; status: "superseded" | "skipped"; reason: string }[];
  /** For the full delivery path. */
  handOver: T[];
}

export interface LampSink<T> {
  /**
   * Records outcomes. Called every `everyMs` while NOTIFYs go out (if set) and once at the end,
   * with what finished since the previous call; calls never overlap.
   */
  write(part: LampOutcomes<T>): Promise<void>;
  everyMs?: number;
}

const GATEWAY_BACKOFF_MS = 10_000;

/** Sends the current state of each lamp (mailbox ids must be distinct). */
export async function sendLampStates<T>(lamps: readonly LampToSend<T>[], deps: LampSendDeps, sink: LampSink<T>): Promise<void> {
  const now = deps.now ?? (() => new Date());
  const random = deps.random ?? Math.random;
  const log: Logger = deps.logger;
  let out: LampOutcomes<T> = { delivered: [], attempts: [], finished: [], handOver: [] };
  if (lamps.length === 0) return;

  const ids = lamps.map((l) => l.mailboxId);
  const changing = await mailboxesWithPendingChanges(ids, now());
  const contexts = await loadDeliveryContexts(ids.filter((id) => !changing.has(id)));

  let writing: Promise<void> = Promise.resolve();
  const flush = () => {
    const part = out;
    out = { delivered: [], attempts: [], finished: [], handOver: [] };
    if (part.delivered.length + part.attempts.length + part.finished.length + part.handOver.length === 0) return writing;
    writing = writing.catch(() => undefined).then(() => sink.write(part));
    return writing;
  };
  const timer = sink.everyMs
    ? setInterval(() => { void flush().catch((err) => log.warn({ err }, "writing lamp send results failed")); }, sink.everyMs)
    : undefined;

  const sends: Promise<void>[] = [];
  try {
    for (const lamp of lamps) {
      const { item, mailboxId } = lamp;
      if (changing.has(mailboxId)) {
        out.finished.push({ item, status: "superseded", reason: "A pending change delivers the newest state." });
        continue;
      }
      const ctx = contexts.get(mailboxId);
      if (!ctx) {
        out.finished.push({ item, status: "skipped", reason: "The mailbox no longer exists." });
        continue;
      }
      const plan = planDelivery(ctx, false);
      if ("skip" in plan) {
        out.finished.push({ item, status: "skipped", reason: plan.skip });
        continue;
      }
      const fast = fastPath(ctx, plan.gateways[0], plan.counts, deps);
      if (!fast) {
        out.handOver.push(item);
        continue;
      }
      sends.push((async () => {
        const { gateway, transport, notify } = fast;
        await deps.rateLimiter?.acquire(gateway.id, lamp.source);
        const res = await deps.clients[transport]!.send({
          host: gateway.address, port: gateway.port, wire: notify.wire, branch: notify.branch, method: notify.method,
        });
        const ok = isFinalResponse(res) && res.statusCode >= 200 && res.statusCode < 300;
        const attempt = {
          outboxId: lamp.outboxId, mailboxId, gatewayId: gateway.id, gatewayName: gateway.name, transport,
          target: hostPort(gateway.address, gateway.port), messagesWaiting: plan.counts.messagesWaiting, latencyMs: res.latencyMs,
        };
        if (!ok) {
          // Recorded like any attempt; then the full path takes over (failover, retries) and the
          // rest of the estate skips this gateway's fast path for a while.
          const reason = isFinalResponse(res) ? res.reasonPhrase : `${res.error}${res.detail ? ` (${res.detail})` : ""}`;
          out.attempts.push({ ...attempt, ok: false, statusCode: isFinalResponse(res) ? res.statusCode : null, reason });
          deps.metrics?.notifies.inc({ result: isFinalResponse(res) ? "rejected" : res.error, gateway: gateway.name });
          deps.gatewayBackoff.set(gateway.id, Date.now() + GATEWAY_BACKOFF_MS);
          log.warn({ gateway: gateway.name, reason }, "refresh NOTIFY failed; handing the lamp to the full delivery path");
          out.handOver.push(item);
          return;
        }
        deps.metrics?.notifies.inc({ result: "ok", gateway: gateway.name });
        deps.metrics?.refreshNotifies.inc({ source: lamp.source });
        out.attempts.push({ ...attempt, ok: true, statusCode: res.statusCode, reason: res.reasonPhrase });
        const at = now();
        out.delivered.push({
          item, mailboxId, version: ctx.state?.version ?? null, stateUpdatedAt: ctx.state?.updatedAt ?? null,
          // A resync leaves the periodic schedule alone: moving every lamp it sends to "one period
          // from now" would bunch the estate's next refreshes together instead of keeping them
          // spread over the period (and rewrite the whole refresh-time index).
          nextRefreshAt: lamp.source === "resync" ? null : nextRefreshAfterSend(at, deps.refreshPeriodMs, random()),
        });
        deps.metrics?.deliveryLatency.observe(Math.max(0, at.getTime() - lamp.queuedAt.getTime()) / 1000);
      })());
    }
    await Promise.all(sends);
  } finally {
    clearInterval(timer);
  }
  await flush();
}

/** The first gateway, when the batch can send to it itself. */
function fastPath(ctx: DeliveryContext, gateway: DeliveryContext["gateways"][number], counts: MwiCounts, deps: LampSendDeps) {
  const dialPlan = ctx.dialPlan;
  if (!dialPlan || !gateway) return null;
  // A per-gateway transport (UDP) is for the full path, which knows how to pick its client.
  if (gateway.transport) return null;
  if ((deps.gatewayBackoff.get(gateway.id) ?? 0) > Date.now()) return null;
  const transport = transportFor(dialPlan.voipSecurity);
  if (!deps.clients[transport] || !deps.local[transport]) return null;
  const target = sipTarget(dialPlan.uriType, ctx.mailbox, gateway, transport);
  if (!target) return null;
  try {
    const notify = buildMwiNotify({ target, counts, sipDomain: deps.sipDomain, local: deps.local[transport]! });
    return { gateway, transport, notify };
  } catch {
    // An invalid URI: the full path records it as a failed attempt with the reason.
    return null;
  }
}
