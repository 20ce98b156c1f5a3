// "refresh" rows (the periodic refresh, resyncs, and the web's re-sends after a switch changed)
// delivered in bulk: a batch's contexts are read in a few queries, its NOTIFYs go out concurrently
// under the per-gateway rate cap, and its successes are written in one transaction. This is what
// lets "resync everyone" for 100,000 lamps take seconds instead of minutes.
//
// Only the plain case is handled here: one state NOTIFY to the first eligible gateway of the
// dial plan's transport. Anything else (a failing gateway, a per-gateway transport, a mailbox
// without its SIP identifier) goes through deliverMwi, the one full delivery path, with its
// failover, retries and failure events.
import { performance } from "node:perf_hooks";
import type { Logger } from "pino";
import type { DeliveryAttemptRecord, DeliveryContext } from "../../lib/data/mwi-delivery";
import {
  completeRefreshBatch, loadDeliveryContexts, mailboxesWithPendingChanges, renewLeases,
  type ClaimedRefreshRow, type DeliveredRefresh,
} from "../../lib/data/mwi-refresh";
import type { MwiCounts } from "../../lib/domain/mwi-counts";
import { nextRefreshAfterSend } from "../../lib/domain/refresh-schedule";
import { sipTarget, transportFor } from "../../lib/domain/sip-target";
import { buildMwiNotify } from "../sip/build-notify";
import { isFinalResponse } from "../transports/sip-client";
import { deliverMwi, hostPort, planDelivery, type DeliveryDeps } from "../outbox/deliver-mwi";

export interface RefreshBatchDeps extends DeliveryDeps {
  refreshPeriodMs: number;
  /** Gateways that failed a batch send recently: skip the fast path for them until this time. */
  gatewayBackoff: Map<string, number>;
}

export interface RefreshBatchResult {
  delivered: number;
  finished: number;
  /** Rows handed to the full delivery path. */
  handedOver: number;
}

const GATEWAY_BACKOFF_MS = 10_000;
const FLUSH_MS = 500;

export async function deliverRefreshBatch(rows: readonly ClaimedRefreshRow[], deps: RefreshBatchDeps): Promise<RefreshBatchResult> {
  const now = deps.now ?? (() => new Date());
  const random = deps.random ?? Math.random;
  const log: Logger = deps.logger;
  const result: RefreshBatchResult = { delivered: 0, finished: 0, handedOver: 0 };
  if (rows.length === 0) return result;
  const startedAt = performance.now();
  const phase: Record<string, number> = {};

  // Keep the whole batch claimed while it waits for rate-cap tokens.
  const unfinished = new Set(rows.map((r) => r.id));
  const renewEvery = Math.max(200, Math.floor(deps.leaseMs / 3));
  const renewTimer = setInterval(() => {
    void renewLeases([...unfinished], deps.workerId, new Date(now().getTime() + deps.leaseMs))
      .catch((err) => log.warn({ err }, "renewing refresh leases failed"));
  }, renewEvery);

  try {
    const finished: { outboxId: string; status: "superseded" | "skipped"; reason: string }[] = [];
    const handOver: ClaimedRefreshRow[] = [];

    // Coalescing: one NOTIFY per lamp; a pending change row delivers the newest state anyway.
    const newestByMailbox = new Map<string, ClaimedRefreshRow>();
    for (const r of rows) {
      const prev = newestByMailbox.get(r.mailboxId);
      if (prev) finished.push({ outboxId: prev.id, status: "superseded", reason: `superseded by ${r.id}` });
      newestByMailbox.set(r.mailboxId, r);
    }
    const changing = await mailboxesWithPendingChanges([...newestByMailbox.keys()], now());
    const contexts = await loadDeliveryContexts([...newestByMailbox.keys()].filter((id) => !changing.has(id)));
    phase.loadMs = Math.round(performance.now() - startedAt);

    let attempts: DeliveryAttemptRecord[] = [];
    let delivered: DeliveredRefresh[] = [];
    // Results are written every FLUSH_MS (not only at the end of the batch), so a resync's
    // progress moves while a rate-capped batch is still sending.
    let writing: Promise<void> = Promise.resolve();
    const flush = () => {
      const d = delivered, a = attempts, f = finished.splice(0);
      delivered = [];
      attempts = [];
      if (d.length === 0 && a.length === 0 && f.length === 0) return writing;
      writing = writing.catch(() => undefined).then(async () => {
        await completeRefreshBatch({ workerId: deps.workerId, now: now(), delivered: d, attempts: a, finished: f });
        for (const x of d) unfinished.delete(x.outboxId);
        for (const x of f) unfinished.delete(x.outboxId);
        result.delivered += d.length;
        result.finished += f.length;
      });
      return writing;
    };
    const flushTimer = setInterval(() => { void flush().catch((err) => log.warn({ err }, "writing refresh results failed")); }, FLUSH_MS);
    const sends: Promise<void>[] = [];
    for (const [mailboxId, row] of newestByMailbox) {
      if (changing.has(mailboxId)) {
        finished.push({ outboxId: row.id, status: "superseded", reason: "A pending change delivers the newest state." });
        continue;
      }
      const ctx = contexts.get(mailboxId);
      if (!ctx) {
        finished.push({ outboxId: row.id, status: "skipped", reason: "The mailbox no longer exists." });
        continue;
      }
      const plan = planDelivery(ctx, false);
      if ("skip" in plan) {
        finished.push({ outboxId: row.id, status: "skipped", reason: plan.skip });
        continue;
      }
      const fast = fastPath(ctx, plan.gateways[0], plan.counts, deps);
      if (!fast) {
        handOver.push(row);
        continue;
      }
      sends.push((async () => {
        const { gateway, transport, notify } = fast;
        await deps.rateLimiter?.acquire(gateway.id, "refresh");
        const res = await deps.clients[transport]!.send({
          host: gateway.address, port: gateway.port, wire: notify.wire, branch: notify.branch, method: notify.method,
        });
        const ok = isFinalResponse(res) && res.statusCode >= 200 && res.statusCode < 300;
        const attempt = {
          outboxId: row.id, mailboxId, gatewayId: gateway.id, gatewayName: gateway.name, transport,
          target: hostPort(gateway.address, gateway.port), messagesWaiting: plan.counts.messagesWaiting, latencyMs: res.latencyMs,
        };
        if (!ok) {
          // Recorded like any attempt; then the full path takes over (failover, retries) and the
          // rest of the estate skips this gateway's fast path for a while.
          const reason = isFinalResponse(res) ? res.reasonPhrase : `${res.error}${res.detail ? ` (${res.detail})` : ""}`;
          attempts.push({ ...attempt, ok: false, statusCode: isFinalResponse(res) ? res.statusCode : null, reason });
          deps.metrics?.notifies.inc({ result: isFinalResponse(res) ? "rejected" : res.error, gateway: gateway.name });
          deps.gatewayBackoff.set(gateway.id, Date.now() + GATEWAY_BACKOFF_MS);
          log.warn({ gateway: gateway.name, reason }, "refresh NOTIFY failed; handing the row to the full delivery path");
          handOver.push(row);
          return;
        }
        deps.metrics?.notifies.inc({ result: "ok", gateway: gateway.name });
        deps.metrics?.refreshNotifies.inc({ source: row.resyncJobId ? "resync" : "refresh" });
        attempts.push({ ...attempt, ok: true, statusCode: res.statusCode, reason: res.reasonPhrase });
        const at = now();
        delivered.push({
          outboxId: row.id, mailboxId, version: ctx.state?.version ?? null, stateUpdatedAt: ctx.state?.updatedAt ?? null,
          nextRefreshAt: nextRefreshAfterSend(at, deps.refreshPeriodMs, random()),
        });
        deps.metrics?.deliveryLatency.observe(Math.max(0, at.getTime() - row.createdAt.getTime()) / 1000);
      })());
    }
    phase.planMs = Math.round(performance.now() - startedAt) - phase.loadMs;
    await Promise.all(sends).finally(() => clearInterval(flushTimer));
    phase.sendMs = Math.round(performance.now() - startedAt) - phase.loadMs - phase.planMs;
    await flush();
    phase.totalMs = Math.round(performance.now() - startedAt);
    result.handedOver = handOver.length;
    log.debug({ ...result, ...phase, rows: rows.length }, "refresh batch sent");

    // The full path, a few at a time: these are the slow ones (timeouts, failover).
    const queue = [...handOver];
    const workers = Array.from({ length: Math.min(16, queue.length) }, async () => {
      for (let row = queue.shift(); row; row = queue.shift()) {
        await deliverMwi([row], deps).catch((err) => log.error({ err, outboxId: row!.id }, "refresh delivery failed unexpectedly"));
        unfinished.delete(row.id);
      }
    });
    await Promise.all(workers);
    return result;
  } finally {
    clearInterval(renewTimer);
  }
}

/** The first gateway, when the batch can send to it itself. */
function fastPath(ctx: DeliveryContext, gateway: DeliveryContext["gateways"][number], counts: MwiCounts, deps: RefreshBatchDeps) {
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
