import { describe, expect, it } from "vitest";
import { GatewayRateLimiter } from "./gateway-rate-limiter";

describe("gateway rate limiter", () => {
  it("caps each gateway separately and serves changes before queued refreshes", async () => {
    const limiter = new GatewayRateLimiter(50); // burst 5, then one per 20 ms
    const order: string[] = [];
    const started = Date.now();
    const sends: Promise<void>[] = [];
    for (let i = 0; i < 10; i++) sends.push(limiter.acquire("gw-a", "refresh").then(() => { order.push(`r${i}`); }));
    sends.push(limiter.acquire("gw-a", "change").then(() => { order.push("change"); }));
    sends.push(limiter.acquire("gw-b", "refresh").then(() => { order.push("b"); }));
    await Promise.all(sends);
    const elapsed = Date.now() - started;
    // 11 sends on gw-a: 5 from the burst, 6 at 20 ms each ≈ 120 ms.
    expect(elapsed).toBeGreaterThanOrEqual(100);
    expect(elapsed).toBeLessThan(600);
    expect(order.indexOf("b")).toBeLessThan(order.indexOf("r5")); // gw-b is not behind gw-a
    expect(order.indexOf("change")).toBe(order.indexOf("r5") - 1); // the first queued send served is the change
    expect(limiter.queued).toBe(0);
  });

  it("lets the periodic refresh and a resync take turns once both queue", async () => {
    const limiter = new GatewayRateLimiter(50); // burst 5, then one per 20 ms
    const order: string[] = [];
    const sends: Promise<void>[] = [];
    // The refresh queues 20 first; the resync's 5 must not wait behind all of them.
    for (let i = 0; i < 20; i++) sends.push(limiter.acquire("gw", "refresh").then(() => { order.push("refresh"); }));
    for (let i = 0; i < 5; i++) sends.push(limiter.acquire("gw", "resync").then(() => { order.push("resync"); }));
    await Promise.all(sends);
    const lastResync = order.lastIndexOf("resync");
    // Burst (5 refreshes), then turns from the queue's first token on: the 5th resync is the 15th send.
    expect(order.slice(0, 5)).toEqual(Array(5).fill("refresh"));
    expect(order.slice(5, 15)).toEqual(Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? "refresh" : "resync")));
    expect(lastResync).toBe(14);
  });

  it("does not wait at all with no cap", async () => {
    const limiter = new GatewayRateLimiter(0);
    const t = Date.now();
    await Promise.all(Array.from({ length: 1000 }, () => limiter.acquire("x", "refresh")));
    expect(Date.now() - t).toBeLessThan(50);
  });
});
