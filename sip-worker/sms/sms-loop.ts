// The SMS outbox in the worker: the shared OutboxLoop claims due texts (grouped per mailbox, so one
// phone's texts go in order) and deliver-sms sends them; delivery receipts from the provider move
// "sent" rows to delivered / failed. A receipt can overtake the worker's own "sent" commit (the
// SMSC may answer submit_sm and report delivery within milliseconds), so such a receipt is held
// briefly and applied once the row is recorded "sent".
import type { Logger } from "pino";
import { applySmsReceipt, claimDueSms, releaseSms, type ClaimedSms } from "../../lib/data/sms-delivery";
import type { RetryPolicy } from "../../lib/domain/retry-schedule";
import type { DeliveryReceipt, SmsProvider } from "../../lib/sms/provider";
import type { WorkerMetrics } from "../metrics";
import { OutboxLoop } from "../outbox/outbox-loop";
import { deliverSmsRows } from "./deliver-sms";

export interface SmsLoopOptions {
  workerId: string;
  provider: SmsProvider;
  pollMs: number;
  /** Mailboxes whose texts are sent at the same time. */
  concurrency: number;
  leaseMs: number;
  retryPolicy: RetryPolicy;
  logger: Logger;
  metrics: Pick<WorkerMetrics, "smsTexts">;
}

/** How long a receipt for a not-yet-recorded text is kept waiting for its row. */
const EARLY_RECEIPT_TTL_MS = 60_000;

export class SmsLoop {
  private readonly loop: OutboxLoop<ClaimedSms>;
  private readonly early = new Map<string, { receipt: DeliveryReceipt; at: number }>();

  constructor(private readonly opts: SmsLoopOptions) {
    const deps = {
      workerId: opts.workerId, provider: opts.provider, retryPolicy: opts.retryPolicy, leaseMs: opts.leaseMs,
      logger: opts.logger, metrics: opts.metrics,
      afterSent: (providerMessageId: string) => this.applyEarly(providerMessageId),
    };
    this.loop = new OutboxLoop<ClaimedSms>({
      workerId: opts.workerId, pollMs: opts.pollMs, concurrency: opts.concurrency, leaseMs: opts.leaseMs,
      claim: claimDueSms,
      deliver: (rows) => deliverSmsRows(rows, deps).catch(async (err) => {
        // A database error mid-way: give the unfinished rows back now rather than after the lease.
        const retryAt = new Date(Date.now() + opts.retryPolicy.baseMs);
        await Promise.allSettled(rows.map((r) => releaseSms(r.id, opts.workerId, retryAt, `worker error: ${(err as Error).message}`)));
        throw err;
      }),
      logger: opts.logger,
      label: "SMS",
    });
    opts.provider.onReceipt((r) => void this.receipt(r));
  }

  get running(): boolean {
    return this.loop.running;
  }

  get inFlightCount(): number {
    return this.loop.inFlightCount;
  }

  start(): void {
    this.loop.start();
  }

  /** New texts were committed (PostgreSQL wake-up): claim them now rather than at the next poll. */
  wake(): void {
    this.loop.wake();
  }

  /** Stops claiming, lets sends in flight finish (up to graceMs), then closes the provider. */
  async stop(graceMs: number): Promise<number> {
    const unfinished = await this.loop.stop(graceMs);
    await this.opts.provider.close().catch((err) => this.opts.logger.warn({ err }, "closing the SMS provider failed"));
    return unfinished;
  }

  private async receipt(r: DeliveryReceipt): Promise<void> {
    try {
      const kinds = await applySmsReceipt(r.providerMessageId, r.delivered, r.reason);
      if (kinds.length === 0) {
        this.prune();
        this.early.set(r.providerMessageId, { receipt: r, at: Date.now() });
        return;
      }
      for (const kind of kinds) this.opts.metrics.smsTexts.inc({ kind, result: r.delivered ? "delivered" : "undelivered" });
      this.opts.logger.info({ providerMessageId: r.providerMessageId, delivered: r.delivered, reason: r.reason }, "delivery receipt");
    } catch (err) {
      this.opts.logger.warn({ err, providerMessageId: r.providerMessageId }, "recording a delivery receipt failed");
    }
  }

  private applyEarly(providerMessageId: string): void {
    const held = this.early.get(providerMessageId);
    if (!held) return;
    this.early.delete(providerMessageId);
    void this.receipt(held.receipt);
  }

  private prune(): void {
    const cutoff = Date.now() - EARLY_RECEIPT_TTL_MS;
    for (const [id, v] of this.early) if (v.at < cutoff) this.early.delete(id);
  }
}
