// Claims bulk work in batches and delivers each batch, separately from the change loop: "refresh"
// rows (deliver-refresh-batch.ts) and resync chunks (deliver-resync-chunk.ts) each have one. A
// resync of 100,000 lamps never takes the slots that ordinary changes are claimed into, and the
// rate limiter serves changes first at each gateway.
import type { Logger } from "pino";
import { settleWithin } from "../settle-within";

export interface RefreshLoopOptions<Row> {
  workerId: string;
  pollMs: number;
  leaseMs: number;
  /** Rows (refresh rows, chunks) per claim. */
  batchSize: number;
  /** Batches in flight at once: one is being written while the next one's NOTIFYs go out. */
  maxBatches: number;
  claim: (opts: { workerId: string; now: Date; leaseMs: number; limit: number }) => Promise<Row[]>;
  deliver: (rows: Row[]) => Promise<unknown>;
  /**
   * Brings the database's planner statistics up to date; called when a claim comes back full (a
   * backlog: a resync just queued many rows), at most once per STATISTICS_EVERY_MS.
   */
  refreshStatistics?: () => Promise<unknown>;
  logger: Logger;
}

const STATISTICS_EVERY_MS = 10 * 60_000;

export class RefreshLoop<Row> {
  private readonly inFlight = new Set<Promise<void>>();
  private timer: NodeJS.Timeout | undefined;
  private claiming = false;
  private stopping = false;
  private started = false;
  private statisticsAt = -Infinity;

  constructor(private readonly opts: RefreshLoopOptions<Row>) {}

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

  /** Stops claiming and waits up to `graceMs` for batches in flight; returns how many remain. */
  async stop(graceMs: number): Promise<number> {
    this.stopping = true;
    clearTimeout(this.timer);
    if (this.inFlight.size === 0) return 0;
    await settleWithin(this.inFlight.values(), graceMs);
    return this.inFlight.size;
  }

  private schedule(delayMs: number): void {
    if (this.stopping) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.tick(), delayMs);
  }

  private async tick(): Promise<void> {
    if (this.claiming || this.stopping) return;
    this.claiming = true;
    let full = false;
    try {
      while (!this.stopping && this.inFlight.size < this.opts.maxBatches) {
        const rows = await this.opts.claim({
          workerId: this.opts.workerId, now: new Date(), leaseMs: this.opts.leaseMs, limit: this.opts.batchSize,
        });
        if (rows.length === 0) break;
        full = rows.length >= this.opts.batchSize;
        const run: Promise<void> = this.opts.deliver(rows)
          .then(() => undefined, (err) => { this.opts.logger.error({ err }, "refresh batch failed unexpectedly"); })
          .finally(() => {
            this.inFlight.delete(run);
            // A backlog keeps the pipeline full without waiting for the next poll.
            if (full && !this.stopping) this.schedule(0);
          });
        this.inFlight.add(run);
        if (!full) break;
        if (this.opts.refreshStatistics && Date.now() - this.statisticsAt > STATISTICS_EVERY_MS) {
          this.statisticsAt = Date.now();
          await this.opts.refreshStatistics()
            .catch((err) => this.opts.logger.warn({ err }, "refreshing planner statistics failed"));
        }
      }
    } catch (err) {
      this.opts.logger.warn({ err }, "claiming refresh rows failed");
    } finally {
      this.claiming = false;
    }
    this.schedule(this.opts.pollMs);
  }
}
