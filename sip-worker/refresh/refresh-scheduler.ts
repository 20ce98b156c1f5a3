// The periodic refresh (DESIGN "Refresh"): every lamp is re-sent at least once per
// REFRESH_PERIOD_MS. Each lamp's next time lives in MwiState.nextRefreshAt, jittered per lamp and
// moved on by every delivery, so refreshes stay spread over the period and a worker restart finds
// only the few that are actually due — no storm. Due lamps become "refresh" outbox rows, which the
// refresh loop delivers under the per-gateway rate cap.
//
// Also follows on-demand resync jobs: a job's progress is counted from its chunks' counts and the
// statuses of the outbox rows its chunks handed over, which every delivery path already writes.
import type { Logger } from "pino";
import {
  createStatesWithSchedule, dueRefreshes, mailboxesWithoutState, resyncJobRowCounts, runningResyncJobs,
  scheduleRefreshes, setRefreshTimes, statesWithoutSchedule, updateResyncJobProgress,
} from "../../lib/data/mwi-refresh";
import { resyncChunkCounts } from "../../lib/data/mwi-resync-chunks";
import { firstRefreshAt, nextRefreshAfterSend, refreshTickMs } from "../../lib/domain/refresh-schedule";
import type { WorkerMetrics } from "../metrics";

export interface RefreshSchedulerOptions {
  periodMs: number;
  logger: Logger;
  metrics?: WorkerMetrics;
  /** Lamps looked at per statement. */
  batchSize?: number;
  /** How often resync progress is counted. */
  progressMs?: number;
  random?: () => number;
}

/** At most this many batches per tick, so one tick never holds the database for long. */
const MAX_BATCHES_PER_TICK = 20;
/** Mailboxes looked at per statement of the sweep for ones without a lamp state. */
const STATE_SWEEP_WINDOW = 2_000;

export class RefreshScheduler {
  private refreshTimer: NodeJS.Timeout | undefined;
  private progressTimer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private progressRunning: Promise<void> | undefined;
  private stopped = false;
  /** Where the sweep for mailboxes without a lamp state goes on (a mailbox id; "" from the start). */
  private sweptTo = "";

  constructor(private readonly opts: RefreshSchedulerOptions) {}

  start(): void {
    this.scheduleRefresh(0);
    this.scheduleProgress(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.refreshTimer);
    clearTimeout(this.progressTimer);
    await Promise.allSettled([this.running, this.progressRunning]);
  }

  private scheduleRefresh(ms: number): void {
    if (this.stopped) return;
    this.refreshTimer = setTimeout(() => {
      this.running = this.refreshTick()
        .then(() => undefined, (err) => this.opts.logger.warn({ err }, "refresh scheduling failed; trying again next tick"))
        .finally(() => { this.running = undefined; this.scheduleRefresh(refreshTickMs(this.opts.periodMs)); });
    }, ms);
  }

  private scheduleProgress(ms: number): void {
    if (this.stopped) return;
    this.progressTimer = setTimeout(() => {
      this.progressRunning = this.progressTick()
        .catch((err) => this.opts.logger.warn({ err }, "counting resync progress failed"))
        .finally(() => { this.progressRunning = undefined; this.scheduleProgress(this.opts.progressMs ?? 500); });
    }, ms);
  }

  /** One pass: give unscheduled lamps a time, then queue the due ones. Returns lamps queued. */
  async refreshTick(now = new Date()): Promise<number> {
    const { periodMs } = this.opts;
    const random = this.opts.random ?? Math.random;
    const size = this.opts.batchSize ?? 500;
    // The sweep for mailboxes without a state goes on from where the last tick stopped.
    for (let i = 0; i < MAX_BATCHES_PER_TICK && !this.stopped; i++) {
      const { ids, scannedTo } = await mailboxesWithoutState(STATE_SWEEP_WINDOW, this.sweptTo);
      if (ids.length > 0) {
        await createStatesWithSchedule(ids.map((mailboxId) => ({ mailboxId, nextRefreshAt: firstRefreshAt(now, periodMs, random()) })))
          .catch((err) => this.opts.logger.debug({ err }, "a state appeared meanwhile; next tick"));
      }
      this.sweptTo = scannedTo ?? "";
      if (scannedTo === null) break;
    }
    for (let i = 0; i < MAX_BATCHES_PER_TICK && !this.stopped; i++) {
      const ids = await statesWithoutSchedule(size);
      if (ids.length === 0) break;
      await setRefreshTimes(ids.map((mailboxId) => ({ mailboxId, nextRefreshAt: firstRefreshAt(now, periodMs, random()) })));
      if (ids.length < size) break;
    }
    let queued = 0;
    for (let i = 0; i < MAX_BATCHES_PER_TICK && !this.stopped; i++) {
      const due = await dueRefreshes(now, size);
      if (due.length === 0) break;
      // A UM-disabled mailbox has no lamp to refresh: only its time moves on.
      const n = await scheduleRefreshes(due.map((d) => ({
        mailboxId: d.mailboxId, version: d.version, enqueue: d.umEnabled, nextRefreshAt: nextRefreshAfterSend(now, periodMs, random()),
      })), now);
      queued += n;
      if (due.length < size) break;
    }
    if (queued > 0) {
      this.opts.metrics?.refreshEnqueued.inc(queued);
      this.opts.logger.info({ queued }, "lamps queued for periodic refresh");
    }
    return queued;
  }

  async progressTick(now = new Date()): Promise<void> {
    for (const job of await runningResyncJobs()) {
      // Lamps finished by the job's chunks, plus its outbox rows: the lamps the chunks handed over.
      const [rows, chunks] = await Promise.all([resyncJobRowCounts(job.id), resyncChunkCounts(job.id)]);
      const c = { done: rows.done + chunks.done, failed: rows.failed };
      const finished = rows.pending === 0 && chunks.pending === 0;
      if (!finished && c.done === job.done && c.failed === job.failed) continue;
      await updateResyncJobProgress(job.id, { done: c.done, failed: c.failed, finished, now });
      if (finished) {
        this.opts.metrics?.resyncJobsCompleted.inc();
        this.opts.logger.info({ jobId: job.id, total: job.total, done: c.done, failed: c.failed }, "MWI resync finished");
      }
    }
  }
}
