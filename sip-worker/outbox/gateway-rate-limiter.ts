// The per-gateway NOTIFY rate cap (MWI_GATEWAY_RATE_PER_SEC): every send asks for a token of its
// gateway's bucket first. Three queues per gateway: a change (someone is waiting for the lamp) is
// served before any queued refresh or resync send, so a big resync never delays a real change by
// more than one token; the periodic refresh and resyncs take turns, so neither starves the other
// when together they want more than the cap. The arithmetic is lib/domain/token-bucket; this file
// only waits.
import { defaultBurst, fullBucket, take, type TokenBucket, type TokenBucketLimits } from "../../lib/domain/token-bucket";

export type SendPriority = "change" | "refresh" | "resync";

interface GatewayQueue {
  bucket: TokenBucket;
  change: (() => void)[];
  refresh: (() => void)[];
  resync: (() => void)[];
  /** Which of refresh and resync had the last token. */
  lastBulk: "refresh" | "resync";
  timer: NodeJS.Timeout | undefined;
}

const waiting = (q: GatewayQueue) => q.change.length + q.refresh.length + q.resync.length;

/** The next waiting send: a change, else refresh and resync in turns. */
function next(q: GatewayQueue): (() => void) | undefined {
  if (q.change.length > 0) return q.change.shift();
  const turn = q.lastBulk === "refresh" && q.resync.length > 0 ? "resync" : q.refresh.length > 0 ? "refresh" : "resync";
  q.lastBulk = turn;
  return q[turn].shift();
}

export class GatewayRateLimiter {
  private readonly limits: TokenBucketLimits;
  private readonly gateways = new Map<string, GatewayQueue>();
  /** Total ms sends spent waiting for a token (the /metrics counter reads it). */
  waitedMs = 0;

  constructor(ratePerSec: number, private readonly now: () => number = Date.now) {
    this.limits = { ratePerSec, burst: defaultBurst(ratePerSec) };
  }

  get enabled(): boolean {
    return this.limits.ratePerSec > 0;
  }

  /** Resolves when the gateway may get one more NOTIFY. */
  acquire(gatewayId: string, priority: SendPriority): Promise<void> {
    if (!this.enabled) return Promise.resolve();
    let q = this.gateways.get(gatewayId);
    if (!q) {
      q = { bucket: fullBucket(this.limits, this.now()), change: [], refresh: [], resync: [], lastBulk: "resync", timer: undefined };
      this.gateways.set(gatewayId, q);
    }
    if (waiting(q) === 0) {
      const r = take(q.bucket, this.limits, this.now());
      q.bucket = r.bucket;
      if (r.waitMs === 0) return Promise.resolve();
    }
    const queuedAt = this.now();
    return new Promise<void>((resolve) => {
      q[priority].push(() => { this.waitedMs += this.now() - queuedAt; resolve(); });
      this.drain(q);
    });
  }

  private drain(q: GatewayQueue): void {
    if (q.timer) return;
    while (waiting(q) > 0) {
      const r = take(q.bucket, this.limits, this.now());
      q.bucket = r.bucket;
      if (r.waitMs > 0) {
        q.timer = setTimeout(() => { q.timer = undefined; this.drain(q); }, r.waitMs);
        return;
      }
      next(q)!();
    }
  }

  /** Sends still waiting (for shutdown logs and tests). */
  get queued(): number {
    let n = 0;
    for (const q of this.gateways.values()) n += waiting(q);
    return n;
  }
}
