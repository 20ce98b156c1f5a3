// "refresh" rows (the periodic refresh, and lamps a resync chunk handed over) delivered in bulk by
// sendLampStates, their outcomes written to the rows every FLUSH_MS; the lamps it hands over go
// through deliverMwi, the one full delivery path, a few at a time.
import { performance } from "node:perf_hooks";
import type { Logger } from "pino";
import { completeRefreshBatch, renewLeases, type ClaimedRefreshRow } from "../../lib/data/mwi-refresh";
import { deliverMwi, type DeliveryDeps } from "../outbox/deliver-mwi";
import { sendLampStates, type LampSendDeps } from "./send-lamp-states";

/** The full path (deliverMwi) takes the worker's own metrics. */
export type RefreshBatchDeps = LampSendDeps & DeliveryDeps;

export interface RefreshBatchResult {
  delivered: number;
  finished: number;
  /** Rows handed to the full delivery path. */
  handedOver: number;
}

const FLUSH_MS = 500;

export async function deliverRefreshBatch(rows: readonly ClaimedRefreshRow[], deps: RefreshBatchDeps): Promise<RefreshBatchResult> {
  const now = deps.now ?? (() => new Date());
  const log: Logger = deps.logger;
  const result: RefreshBatchResult = { delivered: 0, finished: 0, handedOver: 0 };
  if (rows.length === 0) return result;
  const startedAt = performance.now();

  // Keep the whole batch claimed while it waits for rate-cap tokens.
  const unfinished = new Set(rows.map((r) => r.id));
  const renewEvery = Math.max(200, Math.floor(deps.leaseMs / 3));
  const renewTimer = setInterval(() => {
    void renewLeases([...unfinished], deps.workerId, new Date(now().getTime() + deps.leaseMs))
      .catch((err) => log.warn({ err }, "renewing refresh leases failed"));
  }, renewEvery);

  try {
    // Coalescing: one NOTIFY per lamp; a pending change row delivers the newest state anyway.
    const superseded: { outboxId: string; status: "superseded"; reason: string }[] = [];
    const newestByMailbox = new Map<string, ClaimedRefreshRow>();
    for (const r of rows) {
      const prev = newestByMailbox.get(r.mailboxId);
      if (prev) superseded.push({ outboxId: prev.id, status: "superseded", reason: `superseded by ${r.id}` });
      newestByMailbox.set(r.mailboxId, r);
    }
    const handOver: ClaimedRefreshRow[] = [];
    // Results are written every FLUSH_MS (not only at the end of the batch), so a resync's
    // progress moves while a rate-capped batch is still sending.
    await sendLampStates([...newestByMailbox.values()].map((row) => ({
      item: row, mailboxId: row.mailboxId, queuedAt: row.createdAt, source: row.resyncJobId ? "resync" as const : "refresh" as const, outboxId: row.id,
    })), deps, {
      everyMs: FLUSH_MS,
      write: async (part) => {
        handOver.push(...part.handOver);
        const delivered = part.delivered.map(({ item, ...d }) => ({ ...d, outboxId: item.id }));
        const finished = [...superseded.splice(0), ...part.finished.map(({ item, ...f }) => ({ ...f, outboxId: item.id }))];
        if (delivered.length + part.attempts.length + finished.length === 0) return;
        await completeRefreshBatch({ workerId: deps.workerId, now: now(), delivered, attempts: part.attempts, finished });
        for (const x of delivered) unfinished.delete(x.outboxId);
        for (const x of finished) unfinished.delete(x.outboxId);
        result.delivered += delivered.length;
        result.finished += finished.length;
      },
    });
    result.handedOver = handOver.length;
    log.debug({ ...result, rows: rows.length, ms: Math.round(performance.now() - startedAt) }, "refresh batch sent");

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
