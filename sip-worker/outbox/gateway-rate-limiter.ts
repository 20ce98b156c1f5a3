// The per-gateway NOTIFY rate cap (MWI_GATEWAY_RATE_PER_SEC): every send asks for a token of its
// gateway's bucket first. Two queues per gateway: a change (someone is waiting for the lamp) is
// served before any queued refresh/resync send, so a big resync never delays a real change by more
// than one token. The arithmetic is lib/domain/token-bucket; this file only waits.
import { defaultBurst, fullBucket, take, type TokenBucket, type TokenBucketLimits } from "../../lib/domain/token-bucket";

export type SendPriority = "change" | "refresh";

interface GatewayQueue {
  bucket: TokenBucket;
  change: (() => void)[];
  refresh: (() => void)[];
  timer: NodeJS.Timeout | undefined;
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
      q = { bucket: fullBucket(this.limits, this.now()), change: [], refresh: [], timer: undefined };
      this.gateways.set(gatewayId, q);
    }
    if (q.change.length === 0 && q.refresh.length === 0) {
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
    while (q.change.length > 0 || q.refresh.length > 0) {
      const r = take(q.bucket, this.limits, this.now());
      q.bucket = r.bucket;
      if (r.waitMs > 0) {
        q.timer = setTimeout(() => { q.timer = undefined; this.drain(q); }, r.waitMs);
        return;
      }
      (q.change.shift() ?? q.refresh.shift())!();
    }
  }

  /** Sends still waiting (for shutdown logs and tests). */
  get queued(): number {
    let n = 0;
    for (const q of this.gateways.values()) n += q.change.length + q.refresh.length;
    return n;
  }
}
