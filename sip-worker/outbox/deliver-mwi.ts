// One MWI delivery: a mailbox's claimed outbox rows become one NOTIFY carrying the mailbox's
// CURRENT state, tried at the dial plan's eligible gateways in order until one answers 2xx
// (DESIGN "Delivery"). A round where every gateway fails is rescheduled with backoff inside the
// retry window; after it, the row is marked failed. Every gateway attempt is recorded.
import type { Logger } from "pino";
import {
  completeOutboxRow, loadDeliveryContext, recordDeliveryAttempt, releaseOutboxRow, renewOutboxLease,
  rescheduleOutboxRow, supersedeOtherPendingRows, type ClaimedOutboxRow, type DeliveryContext,
} from "../../lib/data/mwi-delivery";
import { NO_MESSAGES, type MwiCounts } from "../../lib/domain/mwi-counts";
import { mwiEligibility } from "../../lib/domain/mwi-eligibility";
import { nextRefreshAfterSend } from "../../lib/domain/refresh-schedule";
import { nextAttemptAt, type RetryPolicy } from "../../lib/domain/retry-schedule";
import { sipTarget, transportFor, type SipTransport } from "../../lib/domain/sip-target";
import type { WorkerMetrics, NotifyResult } from "../metrics";
import { buildMwiNotify, InvalidSipUriError } from "../sip/build-notify";
import type { LocalSipAddress } from "../sip/local-address";
import { isFinalResponse, type SipClient, type SipSendResult } from "../transports/sip-client";
import type { DeliveredChange } from "../../lib/data/mwi-delivery-batch";
import type { CompletionWriter } from "./completion-writer";
import type { GatewayRateLimiter } from "./gateway-rate-limiter";

export interface DeliveryDeps {
  workerId: string;
  /** Transports by protocol (TCP, TLS, UDP). */
  clients: Partial<Record<SipTransport, SipClient>>;
  /** Our Via/Contact address per transport. */
  local: Partial<Record<SipTransport, LocalSipAddress>>;
  sipDomain: string;
  retryPolicy: RetryPolicy;
  leaseMs: number;
  /** The longest a TCP/TLS NOTIFY can wait: the row's lease is kept ahead of it. */
  transactionTimeoutMs: number;
  /** The same for UDP (Timer F, RFC 3261 §17.1.2.2). */
  udpTransactionTimeoutMs: number;
  logger: Logger;
  metrics?: WorkerMetrics;
  /** The per-gateway NOTIFY rate cap; changes jump the queue of refreshes. */
  rateLimiter?: GatewayRateLimiter;
  /** The periodic refresh period: a delivery moves the lamp's next refresh on. */
  refreshPeriodMs?: number;
  /**
   * Finishes accepted deliveries together (group commit, completion-writer.ts); without it each
   * is finished alone.
   */
  completions?: CompletionWriter<DeliveredChange>;
  now?: () => Date;
  random?: () => number;
}

export type DeliveryOutcome =
  | { status: "delivered"; gatewayName: string; stateVersion: number }
  | { status: "skipped" | "failed" | "superseded"; detail: string }
  | { status: "rescheduled"; detail: string; nextAttemptAt: Date }
  | { status: "lease-lost"; detail: string };

const URI_FIELD: Record<string, string> = {
  TelExtn: "primary extension", E164: "E.164 number", SipName: "SIP resource identifier",
};

function describeResult(r: SipSendResult): string {
  return isFinalResponse(r) ? `${r.statusCode} ${r.reasonPhrase}`.trim() : `${r.error}${r.detail ? ` (${r.detail})` : ""}`;
}

export function hostPort(address: string, port: number): string {
  return `${address.includes(":") && !address.startsWith("[") ? `[${address}]` : address}:${port}`;
}

function countsOf(state: DeliveryContext["state"]): MwiCounts {
  if (!state) return NO_MESSAGES;
  const { messagesWaiting, newCount, oldCount, newUrgentCount, oldUrgentCount } = state;
  return { messagesWaiting, newCount, oldCount, newUrgentCount, oldUrgentCount };
}

interface Plan {
  counts: MwiCounts;
  gateways: DeliveryContext["gateways"];
  /** why this NOTIFY is sent, for the log */
  purpose: "state" | "final-off";
}

/**
 * What to send and where, by the one eligibility rule in lib/domain. A "final-off" request (the
 * web enqueues one when a switch turns MWI off) still sends one last "Messages-Waiting: no" where
 * a path exists (DESIGN): the mailbox-level switches are what turned MWI off, so only the gateway
 * half of the rule decides, by evaluating it with those switches neutralised.
 */
export function planDelivery(ctx: DeliveryContext, finalOffRequested: boolean): Plan | { skip: string } {
  const rule = mwiEligibility({ umEnabled: ctx.mailbox.umEnabled, policy: ctx.policy, dialPlan: ctx.dialPlan }, ctx.gateways);
  if (rule.allowed) return { counts: countsOf(ctx.state), gateways: rule.gateways, purpose: "state" };
  if (!finalOffRequested) return { skip: rule.explanation };
  const path = mwiEligibility(
    { umEnabled: true, policy: { name: ctx.policy?.name ?? "", allowMessageWaitingIndicator: true }, dialPlan: ctx.dialPlan },
    ctx.gateways,
  );
  if (!path.allowed) return { skip: `${rule.explanation} No path for a final "Messages-Waiting: no": ${path.explanation}` };
  return { counts: NO_MESSAGES, gateways: path.gateways, purpose: "final-off" };
}

/** What one delivery decides on: its carrier row and the mailbox as read after coalescing. */
export interface PreparedDelivery {
  carrier: ClaimedOutboxRow;
  /** The carrier or a row it superseded asked for a final "Messages-Waiting: no". */
  finalOffRequested: boolean;
  /** null: the mailbox no longer exists. */
  ctx: DeliveryContext | null;
}

/** Delivers one mailbox. `rows` are the rows this worker claimed for it (one or more). */
export async function deliverMwi(rows: readonly ClaimedOutboxRow[], deps: DeliveryDeps): Promise<DeliveryOutcome> {
  const now = deps.now ?? (() => new Date());
  // The newest row carries the delivery; the rest are superseded by it (claim order: version asc).
  const carrier = rows[rows.length - 1];
  return releasedOnError(carrier, deps, async () => {
    const coalesced = await supersedeOtherPendingRows(carrier.mailboxId, carrier.id, deps.workerId, now());
    if (coalesced.ids.length > 0) deps.logger.debug({ outboxId: carrier.id, superseded: coalesced.ids.length }, "coalesced older MWI rows");
    // Read AFTER coalescing: whatever state the superseded rows announced is visible now.
    const ctx = await loadDeliveryContext(carrier.mailboxId);
    return deliverPrepared({ carrier, finalOffRequested: carrier.kind === "final-off" || coalesced.kinds.includes("final-off"), ctx }, deps);
  });
}

/**
 * Runs a delivery of `carrier`; a database or programming error (not a delivery failure) gives
 * the row back for later and is rethrown.
 */
export async function releasedOnError(
  carrier: ClaimedOutboxRow, deps: DeliveryDeps, deliver: () => Promise<DeliveryOutcome>,
): Promise<DeliveryOutcome> {
  try {
    return await deliver();
  } catch (err) {
    const now = deps.now ?? (() => new Date());
    deps.logger.error({ err, outboxId: carrier.id, mailboxId: carrier.mailboxId }, "MWI delivery crashed; row released");
    await releaseOutboxRow(carrier.id, deps.workerId, new Date(now().getTime() + deps.retryPolicy.baseMs),
      `worker error: ${(err as Error).message}`).catch(() => undefined);
    throw err;
  }
}

/** Delivers a prepared carrier: the NOTIFY to the eligible gateways in order, and its outcome recorded. */
export async function deliverPrepared(
  { carrier, finalOffRequested, ctx }: PreparedDelivery, deps: DeliveryDeps,
): Promise<DeliveryOutcome> {
  const { workerId, logger } = deps;
  const now = deps.now ?? (() => new Date());
  const log = logger.child({ outboxId: carrier.id, mailboxId: carrier.mailboxId });

  const complete = async (status: "skipped" | "failed" | "superseded", detail: string, round?: { attempts: number; firstAttemptAt: Date },
    gatewayId: string | null = null) => {
    // A delivery that failed for good is an error the EAC's MWI delivery page lists.
    const event = status === "failed"
      ? { level: "error" as const, kind: "DeliveryFailed", mailboxId: carrier.mailboxId, gatewayId, outboxId: carrier.id, message: detail }
      : undefined;
    await completeOutboxRow({ id: carrier.id, workerId, status, lastError: detail, now: now(), ...round, event });
    return { status, detail } as const;
  };

  if (!ctx) return complete("skipped", "The mailbox no longer exists.");
  const state = ctx.state;
  const version = state?.version ?? carrier.stateVersion;

  // A change row whose state some earlier delivery already carried needs no second NOTIFY.
  if (carrier.kind === "change" && !finalOffRequested && state && state.deliveredVersion >= state.version) {
    return complete("superseded", `State version ${state.version} was already delivered.`);
  }

  const plan = planDelivery(ctx, finalOffRequested);
  if ("skip" in plan) {
    log.info({ reason: plan.skip }, "MWI not sent");
    return complete("skipped", plan.skip);
  }
  const dialPlan = ctx.dialPlan;
  if (!dialPlan) return complete("skipped", "The mailbox has no UM dial plan.");
  // The identifier check does not depend on the transport; each gateway's own transport is below.
  if (!sipTarget(dialPlan.uriType, ctx.mailbox, { address: "", port: 0 }, transportFor(dialPlan.voipSecurity))) {
    // Depends on the mailbox alone: no gateway and no retry can help until it is fixed.
    const field = URI_FIELD[dialPlan.uriType] ?? "SIP identifier";
    const why = `Mailbox "${ctx.mailbox.alias}" has no ${field}; UM dial plan "${dialPlan.name}" (URI type ${dialPlan.uriType}) addresses mailboxes by it.`;
    // A final "off" for a mailbox whose identifier is gone (UM disabled) has no path: not an error.
    return complete(plan.purpose === "final-off" ? "skipped" : "failed", why);
  }

  const roundStart = now();
  const firstAttemptAt = carrier.firstAttemptAt ?? roundStart;
  const attempts = carrier.attempts + 1;
  let leaseUntil = carrier.leaseUntil?.getTime() ?? 0;
  const failures: string[] = [];
  let retryable = false;
  let retryAfterMs: number | undefined;
  let lastGatewayId: string | null = null;

  for (const gateway of plan.gateways) {
    // TCP or TLS by the dial plan's VoIP security, unless the gateway is set to UDP (DESIGN).
    const transport: SipTransport = transportFor(dialPlan.voipSecurity, gateway.transport);
    const target = sipTarget(dialPlan.uriType, ctx.mailbox, gateway, transport)!;
    const attempt = {
      outboxId: carrier.id, mailboxId: carrier.mailboxId, gatewayId: gateway.id, gatewayName: gateway.name,
      transport, target: hostPort(gateway.address, gateway.port), messagesWaiting: plan.counts.messagesWaiting,
    };
    // `reason` is stored next to statusCode (so a response's reason phrase alone); `summary`
    // is the self-contained text for the row's lastError.
    const fail = async (result: NotifyResult, reason: string, statusCode: number | null, latencyMs: number, summary = reason) => {
      await recordDeliveryAttempt({ ...attempt, statusCode, reason, ok: false, latencyMs });
      deps.metrics?.notifies.inc({ result, gateway: gateway.name });
      failures.push(`${gateway.name}: ${summary}`);
      log.warn({ gateway: gateway.name, target: attempt.target, transport, statusCode, reason }, "MWI NOTIFY attempt failed");
    };

    const client = deps.clients[transport];
    const local = deps.local[transport];
    if (!client || !local) {
      await fail("unsupported_transport", `transport ${transport} not enabled on this worker`, null, 0);
      continue;
    }
    let notify;
    try {
      notify = buildMwiNotify({ target, counts: plan.counts, sipDomain: deps.sipDomain, local });
    } catch (e) {
      if (!(e instanceof InvalidSipUriError)) throw e;
      await fail("invalid_uri", e.message, null, 0);
      continue;
    }
    // Keep the lease ahead of a slow gateway so no other worker takes the row mid-delivery.
    const timeoutMs = transport === "UDP" ? deps.udpTransactionTimeoutMs : deps.transactionTimeoutMs;
    if (leaseUntil - now().getTime() < timeoutMs + 2_000) {
      leaseUntil = now().getTime() + Math.max(deps.leaseMs, timeoutMs + 5_000);
      if (!(await renewOutboxLease(carrier.id, workerId, new Date(leaseUntil)))) {
        return { status: "lease-lost", detail: "another worker took the row" };
      }
    }

    lastGatewayId = gateway.id;
    await deps.rateLimiter?.acquire(gateway.id, carrier.kind === "refresh" ? "refresh" : "change");
    const result = await client.send({
      host: gateway.address, port: gateway.port, wire: notify.wire, branch: notify.branch, method: notify.method,
    });
    if (isFinalResponse(result) && result.statusCode >= 200 && result.statusCode < 300) {
      const accepted = { ...attempt, statusCode: result.statusCode, reason: result.reasonPhrase, ok: true, latencyMs: result.latencyMs };
      const nextRefreshAt = deps.refreshPeriodMs ? nextRefreshAfterSend(now(), deps.refreshPeriodMs, (deps.random ?? Math.random)()) : undefined;
      if (deps.completions) {
        await deps.completions.add({
          outboxId: carrier.id, attempts, firstAttemptAt, attempt: accepted,
          state: state ? { mailboxId: carrier.mailboxId, version, stateUpdatedAt: state.updatedAt, nextRefreshAt: nextRefreshAt ?? null } : null,
        });
      } else {
        await recordDeliveryAttempt(accepted);
        await completeOutboxRow({
          id: carrier.id, workerId, status: "delivered", lastError: null, now: now(), attempts, firstAttemptAt,
          delivered: state ? { mailboxId: carrier.mailboxId, version, stateUpdatedAt: state.updatedAt, nextRefreshAt } : undefined,
        });
      }
      deps.metrics?.notifies.inc({ result: "ok", gateway: gateway.name });
      deps.metrics?.deliveryLatency.observe(Math.max(0, now().getTime() - carrier.createdAt.getTime()) / 1000);
      log.info({
        gateway: gateway.name, target: attempt.target, status: result.statusCode, latencyMs: result.latencyMs,
        stateVersion: version, messagesWaiting: plan.counts.messagesWaiting, purpose: plan.purpose,
      }, "MWI NOTIFY delivered");
      return { status: "delivered", gatewayName: gateway.name, stateVersion: version };
    }
    retryable = true;
    if (isFinalResponse(result)) {
      if (result.retryAfterMs !== undefined) retryAfterMs = Math.max(retryAfterMs ?? 0, result.retryAfterMs);
      await fail("rejected", result.reasonPhrase, result.statusCode, result.latencyMs, describeResult(result));
    } else {
      await fail(result.error, describeResult(result), null, result.latencyMs);
    }
  }

  const summary = failures.join("; ");
  const round = { attempts, firstAttemptAt };
  if (!retryable) {
    // Nothing was actually tried (unsupported transport, bad URI): a retry cannot do better.
    log.error({ attempts, reason: summary }, "MWI delivery failed; no usable gateway");
    return complete("failed", summary, round, lastGatewayId);
  }
  const next = nextAttemptAt(firstAttemptAt, now(), attempts, deps.retryPolicy, (deps.random ?? Math.random)(), retryAfterMs);
  if (!next) {
    const detail = `Gave up after ${attempts} round(s) over ${Math.round(deps.retryPolicy.windowMs / 1000)} s: ${summary}`;
    log.error({ attempts, reason: summary }, "MWI delivery failed; retry window over");
    return complete("failed", detail, round, lastGatewayId);
  }
  await rescheduleOutboxRow({ id: carrier.id, workerId, attempts, nextAttemptAt: next, firstAttemptAt, lastError: summary });
  log.info({ attempts, nextAttemptAt: next.toISOString(), reason: summary }, "MWI delivery rescheduled");
  return { status: "rescheduled", detail: summary, nextAttemptAt: next };
}
