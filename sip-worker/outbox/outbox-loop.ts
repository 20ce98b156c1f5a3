// Polls the MWI outbox and runs deliveries: every `pollMs` it claims due rows for as many
// mailboxes as it has free delivery slots, and starts one delivery per mailbox. Slots bound the
// concurrency (and the number of connections/transactions towards PBXs); a freed slot triggers
// an immediate claim when a backlog is waiting, so a burst drains without poll delays. `wake()`
// (new rows were just committed, see lib/data/outbox-wake.ts) claims at once instead of at the
// next poll; the poll stays, for rows whose retry time comes and for wake-ups that never arrive.
// Generic over the row: the SMS outbox runs the same loop (texts for one phone in order).
import type { Logger } from "pino";
import { settleWithin } from "../settle-within";
import type { ClaimedOutboxRow } from "../../lib/data/mwi-delivery";

/** What the loop passes to `claim` (an outbox's own claim may take more, e.g. MWI's kinds). */
export interface LoopClaimOptions {
  workerId: string;
  now: Date;
  leaseMs: number;
  limit: number;
  /** Mailboxes this worker is delivering right now; never two deliveries of one mailbox at once. */
  busyMailboxIds: readonly string[];
}

export interface OutboxLoopOptions<Row extends { mailboxId: string } = ClaimedOutboxRow> {
  workerId: string;
  pollMs: number;
  /** Mailboxes delivered at the same time. */
  concurrency: number;
  /** How long a claim protects a row from other workers. */
  leaseMs: number;
  claim: (opts: LoopClaimOptions) => Promise<Row[]>;
  /** Delivers the rows claimed for one mailbox. */
  deliver: (rows: Row[]) => Promise<unknown>;
  /**
   * Instead of `deliver` once per mailbox: the whole claim at once (one group of rows per
   * mailbox), so the deliveries can share their reads; one promise per group, in order.
   */
  deliverMany?: (groups: Row[][]) => Promise<unknown>[];
  logger: Logger;
  /** Names the outbox in log lines (default "MWI"). */
  label?: string;
}

export class OutboxLoop<Row extends { mailboxId: string } = ClaimedOutboxRow> {
  private readonly inFlight = new Map<string, Promise<void>>();
  private timer: NodeJS.Timeout | undefined;
  private ticking: Promise<void> | undefined;
  private tickAgain = false;
  private backlog = false;
  private woken = false;
  private stopping = false;
  private started = false;

  constructor(private readonly opts: OutboxLoopOptions<Row>) {}

  get running(): boolean {
    return this.started && !this.stopping;
  }

  get inFlightCount(): number {
    return this.inFlight.size;
  }

  start(): void {
    this.started = true;
    this.schedule(0);
  }

  /**
   * Stops claiming, then waits up to `graceMs` for deliveries in flight. Returns how many were
   * still running; their rows keep their lease and another worker (or the next start) retakes
   * them when it expires.
   */
  async stop(graceMs: number): Promise<number> {
    this.stopping = true;
    clearTimeout(this.timer);
    await this.ticking;
    if (this.inFlight.size === 0) return 0;
    await settleWithin(this.inFlight.values(), graceMs);
    return this.inFlight.size;
  }

  /**
   * New rows may be waiting: claim now rather than at the next poll. While a claim is running,
   * one more follows it; with every slot busy, the next freed slot claims.
   */
  wake(): void {
    if (!this.started || this.stopping) return;
    this.backlog = true;
    this.woken = true;
    if (this.ticking) this.tickAgain = true;
    else this.schedule(0);
  }

  private schedule(delayMs: number): void {
    if (this.stopping) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.tick(), delayMs);
  }

  private async tick(): Promise<void> {
    if (this.ticking) {
      this.tickAgain = true;
      return;
    }
    this.ticking = this.claimAndStart();
    await this.ticking;
    this.ticking = undefined;
    const again = this.tickAgain;
    this.tickAgain = false;
    this.schedule(again ? 0 : this.opts.pollMs);
  }

  private async claimAndStart(): Promise<void> {
    const free = this.opts.concurrency - this.inFlight.size;
    if (free <= 0 || this.stopping) return;
    // A wake-up's new row may belong to a mailbox this worker is still delivering (its previous
    // change: the PBX has answered but the result is not written yet). The claim skips that
    // mailbox, so claim once more when a delivery ends instead of leaving the row to the poll.
    const wokenWhileBusy = this.woken && this.inFlight.size > 0;
    this.woken = false;
    let rows: Row[];
    try {
      rows = await this.opts.claim({
        workerId: this.opts.workerId, now: new Date(), leaseMs: this.opts.leaseMs, limit: free,
        busyMailboxIds: [...this.inFlight.keys()],
      });
    } catch (err) {
      // SQLITE_BUSY under a long web transaction, a locked file…: try again next poll.
      this.opts.logger.warn({ err }, `claiming ${this.opts.label ?? "MWI"} outbox rows failed`);
      return;
    }
    this.backlog = rows.length >= free || wokenWhileBusy;
    const byMailbox = new Map<string, Row[]>();
    for (const row of rows) {
      const list = byMailbox.get(row.mailboxId) ?? [];
      list.push(row);
      byMailbox.set(row.mailboxId, list);
    }
    const groups = [...byMailbox.values()];
    if (!this.opts.deliverMany) {
      for (const group of groups) this.track(group[0].mailboxId, this.opts.deliver(group));
      return;
    }
    let runs: Promise<unknown>[];
    try {
      runs = this.opts.deliverMany(groups);
    } catch (err) {
      runs = groups.map(() => Promise.reject(err));
    }
    groups.forEach((group, i) => this.track(group[0].mailboxId, runs[i] ?? Promise.reject(new Error("no delivery started"))));
  }

  private track(mailboxId: string, delivery: Promise<unknown>): void {
    const run = delivery
      .then(() => undefined, (err) => {
        this.opts.logger.error({ err, mailboxId }, `${this.opts.label ?? "MWI"} delivery failed unexpectedly`);
      })
      .finally(() => {
        this.inFlight.delete(mailboxId);
        if (this.backlog && !this.stopping) {
          if (this.ticking) this.tickAgain = true;
          else this.schedule(0);
        }
      });
    this.inFlight.set(mailboxId, run);
  }
}
