// Prometheus metrics of the sip-worker, served on /metrics. A registry per worker instance (not
// prom-client's global one) so tests can build several without name clashes.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

/** `result` label of lamplighter_mwi_notifies_total. */
export type NotifyResult =
  | "ok" // 2xx
  | "rejected" // a final non-2xx response (480, 503, …)
  | "timeout" | "refused" | "reset" | "closed" | "unreachable" | "protocol" | "network"
  | "unsupported_transport"
  | "invalid_uri";

export interface WorkerMetrics {
  registry: Registry;
  /** One per NOTIFY attempt at one gateway. */
  notifies: Counter<"result" | "gateway">;
  /** From the outbox row being written to the PBX's 2xx, retries included. */
  deliveryLatency: Histogram<string>;
  outboxDepth: Gauge<string>;
}

export function createWorkerMetrics(opts: {
  /** Read on every scrape: rows still pending. */
  outboxDepth: () => Promise<number>;
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
  return { registry, notifies, deliveryLatency, outboxDepth };
}
