import type http from "node:http";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeHttpServer, startWorkerHttpServer, type WorkerHealth } from "./http-server";
import { createWorkerMetrics } from "./metrics";

let server: http.Server;
let base: string;
let health: WorkerHealth = {
  ok: true, db: { ok: true }, sip: { tcp: { ok: true, listening: "127.0.0.1:5060" } }, outbox: { running: true, inFlight: 0 },
};
const metrics = createWorkerMetrics({ outboxDepth: async () => 7, defaultMetrics: false });

beforeAll(async () => {
  server = await startWorkerHttpServer({ host: "127.0.0.1", port: 0, metrics, health: async () => health, logger: pino({ level: "silent" }) });
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => closeHttpServer(server));

describe("worker HTTP server", () => {
  it("serves /healthz as JSON, 503 when something is down", async () => {
    const ok = await fetch(`${base}/healthz`);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual(health);
    health = { ...health, ok: false, db: { ok: false } };
    expect((await fetch(`${base}/healthz`)).status).toBe(503);
  });

  it("serves the MWI metrics in Prometheus text format", async () => {
    metrics.notifies.inc({ result: "ok", gateway: "PBX 1" });
    metrics.deliveryLatency.observe(0.12);
    const res = await fetch(`${base}/metrics`);
    expect(res.headers.get("content-type")).toMatch(/^text\/plain/);
    const text = await res.text();
    expect(text).toContain('lamplighter_mwi_notifies_total{result="ok",gateway="PBX 1"} 1');
    expect(text).toContain('lamplighter_mwi_delivery_latency_seconds_bucket{le="0.25"} 1');
    expect(text).toContain("lamplighter_mwi_outbox_depth 7");
  });

  it("answers 404 elsewhere and 405 to other methods", async () => {
    expect((await fetch(`${base}/`)).status).toBe(404);
    const post = await fetch(`${base}/metrics`, { method: "POST", body: "x" });
    expect(post.status).toBe(405);
    expect(post.headers.get("allow")).toBe("GET, HEAD");
  });
});
