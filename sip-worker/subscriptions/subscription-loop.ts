// Keeps subscribers told (RFC 6665 §4.2.2), separately from the outbox: every `pollMs` it asks the
// database for subscriptions whose mailbox's MwiState.version passed the version they were last
// sent (one indexed join) and sends each its in-dialog NOTIFY; and it ends subscriptions that ran
// out unrefreshed with `Subscription-State: terminated;reason=timeout` (RFC 6665 §4.1.3). A
// delete or a CSeq claim in the database decides which worker does each, so several workers can
// run this loop over one database.
import type { Logger } from "pino";
import { settleWithin } from "../settle-within";
import { deleteSipSubscription, findExpiredSipSubscriptions, findSubscriptionsWithNewState } from "../../lib/data/sip-subscriptions";
import type { SubscriptionNotifier } from "./notifier";

export interface SubscriptionLoopOptions {
  pollMs: number;
  notifier: SubscriptionNotifier;
  /** NOTIFYs in flight at once (bounds connections and transactions towards subscribers). */
  concurrency?: number;
  logger: Logger;
  now?: () => Date;
}

const BATCH = 200;

export class SubscriptionLoop {
  private timer: NodeJS.Timeout | undefined;
  private readonly inFlight = new Map<string, Promise<unknown>>();
  private ticking: Promise<void> | undefined;
  private stopped = false;

  constructor(private readonly opts: SubscriptionLoopOptions) {}

  get running(): boolean {
    return this.timer !== undefined && !this.stopped;
  }

  start(): void {
    this.stopped = false;
    this.schedule();
  }

  /** Stops polling and waits up to `graceMs` for NOTIFYs in flight. */
  async stop(graceMs: number): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await settleWithin([this.ticking ?? Promise.resolve(), ...this.inFlight.values()], graceMs);
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.ticking = this.tick()
        .catch((err) => this.opts.logger.error({ err }, "subscription loop tick failed"))
        .finally(() => this.schedule());
    }, this.opts.pollMs);
  }

  /** One pass: changed states, then expiries. Exposed for tests. */
  async tick(): Promise<void> {
    const now = (this.opts.now ?? (() => new Date()))();
    const limit = this.opts.concurrency ?? 32;
    for (const id of await findSubscriptionsWithNewState(BATCH)) {
      if (this.stopped || this.inFlight.size >= limit) break;
      if (this.inFlight.has(id) || !this.opts.notifier.due(id)) continue;
      this.track(id, this.opts.notifier.notifyState(id));
    }
    for (const row of await findExpiredSipSubscriptions(now, BATCH)) {
      if (this.stopped || this.inFlight.size >= limit) break;
      if (this.inFlight.has(row.id)) continue;
      // Whoever's delete removes the row sends the final NOTIFY (never two workers).
      if (!(await deleteSipSubscription(row.id, now))) continue;
      this.opts.logger.info({ subscriptionId: row.id, mailboxId: row.mailboxId }, "message-summary subscription expired");
      this.track(row.id, this.opts.notifier.notifyTerminated(row, "timeout"));
    }
  }

  private track(id: string, work: Promise<unknown>): void {
    const p = work
      .catch((err) => this.opts.logger.error({ err, subscriptionId: id }, "subscription NOTIFY failed unexpectedly"))
      .finally(() => this.inFlight.delete(id));
    this.inFlight.set(id, p);
  }
}
