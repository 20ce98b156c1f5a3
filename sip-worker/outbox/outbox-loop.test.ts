import pino from "pino";
import { describe, expect, it } from "vitest";
import type { ClaimOptions, ClaimedOutboxRow } from "../../lib/data/mwi-delivery";
import { OutboxLoop } from "./outbox-loop";

function row(id: string, mailboxId: string): ClaimedOutboxRow {
  const now = new Date();
  return { id, mailboxId, stateVersion: 1, kind: "change", attempts: 0, firstAttemptAt: null, nextAttemptAt: now, leaseUntil: now, createdAt: now };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const silent = pino({ level: "silent" });

describe("OutboxLoop", () => {
  it("delivers claimed rows grouped per mailbox, never more mailboxes at once than its concurrency", async () => {
    const queue = Array.from({ length: 10 }, (_, i) => row(`r${i}`, `m${i % 5}`));
    const claims: ClaimOptions[] = [];
    let running = 0;
    let peak = 0;
    const delivered: string[][] = [];
    const loop = new OutboxLoop({
      workerId: "w", pollMs: 20, concurrency: 2, leaseMs: 30_000, logger: silent,
      claim: async (opts) => {
        claims.push(opts);
        const out: ClaimedOutboxRow[] = [];
        for (let i = 0; i < queue.length && out.length < opts.limit;) {
          if (opts.busyMailboxIds?.includes(queue[i].mailboxId)) i++;
          else out.push(...queue.splice(i, 1));
        }
        return out;
      },
      deliver: async (rows) => {
        running++;
        peak = Math.max(peak, running);
        await sleep(15);
        delivered.push(rows.map((r) => r.id));
        running--;
      },
    });
    loop.start();
    await sleep(400);
    expect(await loop.stop(1_000)).toBe(0);
    expect(peak).toBeLessThanOrEqual(2);
    expect(queue).toHaveLength(0);
    expect(delivered.flat().sort()).toEqual(Array.from({ length: 10 }, (_, i) => `r${i}`).sort());
    expect(claims.every((c) => c.limit >= 1 && c.limit <= 2)).toBe(true);
    for (const group of delivered) expect(new Set(group.map((id) => Number(id.slice(1)) % 5)).size).toBe(1);
  });

  it("stops claiming on stop() and waits for deliveries in flight", async () => {
    let claimsAfterStop = 0;
    let stopped = false;
    let finished = false;
    const loop = new OutboxLoop({
      workerId: "w", pollMs: 5, concurrency: 4, leaseMs: 30_000, logger: silent,
      claim: async () => {
        if (stopped) claimsAfterStop++;
        return finished ? [] : [row("slow", "m")];
      },
      deliver: async () => { await sleep(100); finished = true; },
    });
    loop.start();
    await sleep(20);
    stopped = true;
    expect(await loop.stop(2_000)).toBe(0);
    expect(finished).toBe(true);
    await sleep(30);
    expect(claimsAfterStop).toBe(0);
    expect(loop.running).toBe(false);
  });

  it("gives up waiting after the grace period and reports what is still running", async () => {
    const loop = new OutboxLoop({
      workerId: "w", pollMs: 5, concurrency: 1, leaseMs: 30_000, logger: silent,
      claim: async () => [row("stuck", "m")],
      deliver: () => sleep(1_000),
    });
    loop.start();
    await sleep(20);
    expect(await loop.stop(50)).toBe(1);
  });

  it("claims at once on wake() instead of waiting for the next poll", async () => {
    const queue: ClaimedOutboxRow[] = [];
    let claims = 0;
    const deliveredAt: number[] = [];
    const loop = new OutboxLoop({
      workerId: "w", pollMs: 60_000, concurrency: 4, leaseMs: 30_000, logger: silent,
      claim: async (opts) => { claims++; return queue.splice(0, opts.limit); },
      deliver: async () => { deliveredAt.push(Date.now()); },
    });
    loop.start();
    await sleep(20);
    expect(claims).toBe(1); // the start claim; the next poll is a minute away
    queue.push(row("r1", "m1"));
    const wokeAt = Date.now();
    loop.wake();
    await sleep(30);
    expect(deliveredAt).toHaveLength(1);
    expect(deliveredAt[0] - wokeAt).toBeLessThan(25);
    await loop.stop(100);
  });

  it("claims again when a delivery ends if a wake-up came for a mailbox that was still being delivered", async () => {
    const queue: ClaimedOutboxRow[] = [row("first", "m1")];
    const delivered: string[] = [];
    let finishFirst: () => void = () => undefined;
    const loop = new OutboxLoop({
      workerId: "w", pollMs: 60_000, concurrency: 4, leaseMs: 30_000, logger: silent,
      claim: async (opts) => {
        // As the real claim: never a row of a mailbox this worker is delivering.
        const i = queue.findIndex((r) => !opts.busyMailboxIds.includes(r.mailboxId));
        return i >= 0 ? queue.splice(i, 1) : [];
      },
      deliver: async (rows) => {
        if (rows[0].id === "first") await new Promise<void>((r) => { finishFirst = r; });
        delivered.push(...rows.map((r) => r.id));
      },
    });
    loop.start();
    await sleep(10);
    queue.push(row("second", "m1")); // the next change of the same lamp, committed mid-delivery
    loop.wake(); // its claim finds only a busy mailbox
    await sleep(10);
    expect(delivered).toEqual([]);
    finishFirst();
    await sleep(30);
    expect(delivered).toEqual(["first", "second"]); // not a minute later at the poll
    await loop.stop(100);
  });

  it("runs one more claim after the running one when woken during a claim", async () => {
    const queue: ClaimedOutboxRow[] = [];
    let claims = 0;
    let release: () => void = () => undefined;
    const delivered: string[] = [];
    const loop = new OutboxLoop({
      workerId: "w", pollMs: 60_000, concurrency: 4, leaseMs: 30_000, logger: silent,
      claim: async (opts) => {
        claims++;
        if (claims === 2) await new Promise<void>((r) => { release = r; }); // a slow claim
        return queue.splice(0, opts.limit);
      },
      deliver: async (rows) => { delivered.push(...rows.map((r) => r.id)); },
    });
    loop.start();
    await sleep(10);
    loop.wake(); // claim 2 starts and hangs
    await sleep(10);
    queue.push(row("late", "m1")); // committed after claim 2 read the outbox
    loop.wake();
    loop.wake(); // wake-ups during a claim coalesce into one more claim
    release();
    await sleep(30);
    expect(delivered).toEqual(["late"]);
    expect(claims).toBe(3);
    await loop.stop(100);
  });

  it("ignores wake() before start and after stop", async () => {
    let claims = 0;
    const loop = new OutboxLoop({
      workerId: "w", pollMs: 60_000, concurrency: 1, leaseMs: 30_000, logger: silent,
      claim: async () => { claims++; return []; },
      deliver: async () => undefined,
    });
    loop.wake();
    await sleep(10);
    expect(claims).toBe(0);
    loop.start();
    await sleep(10);
    await loop.stop(100);
    loop.wake();
    await sleep(10);
    expect(claims).toBe(1);
  });

  it("keeps polling after a failed claim", async () => {
    let calls = 0;
    const loop = new OutboxLoop({
      workerId: "w", pollMs: 5, concurrency: 1, leaseMs: 30_000, logger: silent,
      claim: async () => { calls++; if (calls === 1) throw new Error("SQLITE_BUSY"); return []; },
      deliver: async () => undefined,
    });
    loop.start();
    await sleep(50);
    await loop.stop(100);
    expect(calls).toBeGreaterThan(2);
  });

  it("hands a whole claim to deliverMany, one group per mailbox, and keeps each mailbox busy until its own delivery ends", async () => {
    const queue = [row("a1", "ma"), row("b1", "mb"), row("a2", "ma")];
    const batches: string[][][] = [];
    const busyAtClaim: string[][] = [];
    let finishB: () => void = () => undefined;
    const loop = new OutboxLoop({
      workerId: "w", pollMs: 60_000, concurrency: 4, leaseMs: 30_000, logger: silent,
      claim: async (opts) => {
        busyAtClaim.push([...opts.busyMailboxIds].sort());
        return queue.splice(0, opts.limit).filter((r) => !opts.busyMailboxIds.includes(r.mailboxId));
      },
      deliver: async () => { throw new Error("deliver is not used when deliverMany is given"); },
      deliverMany: (groups) => {
        batches.push(groups.map((g) => g.map((r) => r.id)));
        return groups.map((g) => g[0].mailboxId === "mb" ? new Promise<void>((r) => { finishB = r; }) : Promise.resolve());
      },
    });
    loop.start();
    await sleep(20);
    expect(batches).toEqual([[["a1", "a2"], ["b1"]]]);
    loop.wake(); // the next claim sees mb still busy (its delivery has not ended), ma free again
    await sleep(20);
    expect(busyAtClaim.at(-1)).toEqual(["mb"]);
    finishB();
    await sleep(10);
    expect(loop.inFlightCount).toBe(0);
    await loop.stop(100);
  });
});
