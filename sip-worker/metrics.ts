// Prometheus metrics of the sip-worker, served on /metrics. A registry per worker instance (not
// prom-client's global one) so tests can build several without name clashes.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

/** `result` label of lamplighter_mwi_notifies_total. */
export type NotifyResult =
  | "ok" // 2xx
  | "rejected" // a final non-2xx response (480, 503, …)
  | "timeout" | "refused" | "reset" | "closed" | "unreachable" | "protocol" | "tls" | "network"
  | "unsupported_transport"
  | "invalid_uri";

export interface WorkerMetrics {
  registry: Registry;
  /** One per NOTIFY attempt at one gateway. */
  notifies: Counter<"result" | "gateway">;
  /** From the outbox row being written to the PBX's 2xx, retries included. */
  deliveryLatency: Histogram<string>;
  outboxDepth: Gauge<string>;
  /** SipSubscription rows (read on scrape when a counter function is given). */
  subscriptions: Gauge<string>;
  /** Refresh rows queued by the periodic refresh. */
  refreshEnqueued: Counter<string>;
  /** Refresh NOTIFYs delivered, by source (the periodic refresh or an on-demand resync). */
  refreshNotifies: Counter<"source">;
  /** Resync jobs finished. */
  resyncJobsCompleted: Counter<string>;
  /** One per text send attempt, by kind (voicemail | missedcall | passcode) and result. */
  smsTexts: Counter<"kind" | "result">;
}

/** `result` label of lamplighter_sms_texts_total. */
export type SmsResult =
  | "sent" // the provider took it (delivery receipt may follow)
  | "delivered" // delivered at send time (outbox provider) or by a receipt
  | "undelivered" // a receipt said it was not delivered
  | "retry" // a retryable failure, tried again later
  | "failed"; // failed for good (permanent rejection or retry window over)

export function createWorkerMetrics(opts: {
  /** Read on every scrape: rows still pending. */
  outboxDepth: () => Promise<number>;
  /** Read on every scrape: subscriptions held in the database. */
  subscriptions?: () => Promise<number>;
  /** Read on every scrape: seconds NOTIFYs spent waiting for the per-gateway rate cap. */
  rateLimitWaitSeconds?: () => number;
  /** Read on every scrape: texts not yet handed to the SMS provider. */
  smsOutboxDepth?: () => Promise<number>;
  defaultMetrics?: boolean;
}): WorkerMetrics {
  const registry = new Registry();
  if (opts.defaultMetrics ?? true) collectDefaultMetrics({ register: registry });
  const notifies = new Counter({
    name: "lamplighter_mwi_notifies_total",
    help: "MWI NOTIFY attempts by outcome and UM IP gateway name",
    labelNames: ["result", "gateway"] as const,
    registers: [registry],
  });
  const deliveryLatency = new Histogram({
    name: "lamplighter_mwi_delivery_latency_seconds",
    help: "Time from an MWI change being queued to a gateway's 2xx, retries included",
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300],
    registers: [registry],
  });
  const outboxDepth = new Gauge({
    name: "lamplighter_mwi_outbox_depth",
    help: "MWI outbox rows waiting for delivery (status pending)",
    registers: [registry],
    async collect() {
      try {
        this.set(await opts.outboxDepth());
      } catch {
        // Keep the last value; /healthz reports the database problem.
      }
    },
  });
  const subscriptions = new Gauge({
    name: "lamplighter_sip_subscriptions",
    help: "message-summary subscriptions held in the database",
    registers: [registry],
    async collect() {
      if (!opts.subscriptions) return;
      try {
        this.set(await opts.subscriptions());
      } catch {
        // Keep the last value; /healthz reports the database problem.
      }
    },
  });
  const refreshEnqueued = new Counter({
    name: "lamplighter_mwi_refresh_enqueued_total",
    help: "Lamps queued for re-sending by the periodic refresh",
    registers: [registry],
  });
  const refreshNotifies = new Counter({
    name: "lamplighter_mwi_refresh_notifies_total",
    help: "Refresh NOTIFYs delivered by the batch path, by source (refresh | resync)",
    labelNames: ["source"] as const,
    registers: [registry],
  });
  const resyncJobsCompleted = new Counter({
    name: "lamplighter_mwi_resync_jobs_completed_total",
    help: "On-demand resync jobs that finished",
    registers: [registry],
  });
  new Counter({
    name: "lamplighter_mwi_rate_limit_wait_seconds_total",
    help: "Time NOTIFYs waited for their gateway's rate cap (MWI_GATEWAY_RATE_PER_SEC)",
    registers: [registry],
    collect() {
      if (opts.rateLimitWaitSeconds) this.reset(), this.inc(opts.rateLimitWaitSeconds());
    },
  });
  const smsTexts = new Counter({
    name: "lamplighter_sms_texts_total",
    help: "Text message send attempts and receipts by kind (voicemail | missedcall | passcode) and result",
    labelNames: ["kind", "result"] as const,
    registers: [registry],
  });
  new Gauge({
    name: "lamplighter_sms_outbox_depth",
    help: "Texts not yet handed to the SMS provider (status queued or sending)",
    registers: [registry],
    async collect() {
      if (!opts.smsOutboxDepth) return;
      try {
        this.set(await opts.smsOutboxDepth());
      } catch {
        // Keep the last value; /healthz reports the database problem.
      }
    },
  });
  return {
    registry, notifies, deliveryLatency, outboxDepth, subscriptions, refreshEnqueued, refreshNotifies, resyncJobsCompleted, smsTexts,
  };
}
