// The periodic refresh and on-demand resync against a real worker and a sipp PBX: lamps are
// re-sent every REFRESH_PERIOD_MS (here 3 s), spread out rather than all at once; a resync started
// through the service reaches done = total; and the per-gateway rate cap holds throughout
// (NOTIFYs per second counted at the PBX).
import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PrismaClient } from "../../lib/generated/sqlite/client";
import type { Principal } from "../../lib/auth/principal";
import {
  createEstate, freePort, makeTempDatabase, openTestDb, startSippUas, startWorker, waitFor,
  type SippMessage, type SippUas, type WorkerProcess,
} from "./fixtures";

const RATE = 20;
/**
 * Most NOTIFYs sipp may see in one second: the rate, the bucket's burst (2), and 2 for jitter —
 * the bucket meters sends at the worker, sipp timestamps arrivals (a late send and an on-time one
 * can land in the same second).
 */
const CAP_PER_SECOND = RATE + 4;
const PERIOD_MS = 3_000;
const ADMIN: Principal = { userId: null, name: "integration test", role: "admin", via: "env-token" };

let tmp: { dir: string; url: string };
let db: PrismaClient;
let pbx: SippUas;
let worker: WorkerProcess;
let estate: Awaited<ReturnType<typeof createEstate>>;
const extensions: string[] = [];

/** The most NOTIFYs inside any one-second window. */
function maxPerSecond(msgs: SippMessage[]): number {
  const t = msgs.map((m) => m.receivedAt).sort((a, b) => a - b);
  let best = 0;
  for (let i = 0, j = 0; i < t.length; i++) {
    while (t[i] - t[j] >= 1000) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
}

beforeAll(async () => {
  tmp = makeTempDatabase("lamplighter-refresh-");
  process.env.DATABASE_URL = tmp.url;
  const { migrate } = await import("../../lib/data/migrate");
  await migrate({ quiet: true });
  db = openTestDb(tmp.url);
  const [pbxPort, sip, http] = await Promise.all([freePort(), freePort(), freePort()]);
  pbx = await startSippUas("pbx-uas-200.xml", pbxPort, tmp.dir);
  estate = await createEstate(db, { name: "Refresh", extension: "7000", gateways: [{ name: "PBX-Refresh", port: pbxPort }] });
  extensions.push("7000");
  // 30 more mailboxes with no lamp state at all: the worker schedules them itself.
  await db.umMailbox.createMany({
    data: Array.from({ length: 30 }, (_, i) => ({
      displayName: `Refresh ${i + 1}`, alias: `refresh${i + 1}`, email: `refresh${i + 1}@contoso.com`, umEnabled: true,
      umMailboxPolicyId: estate.policy.id, dialPlanId: estate.dialPlan.id, extension: String(7001 + i),
    })),
  });
  for (let i = 0; i < 30; i++) extensions.push(String(7001 + i));
  worker = await startWorker({
    DATABASE_URL: tmp.url, SIP_DOMAIN: "um.contoso.com", LOG_LEVEL: "warn", SIP_UDP_PORT: String(sip),
    REFRESH_PERIOD_MS: String(PERIOD_MS), MWI_GATEWAY_RATE_PER_SEC: String(RATE),
  }, sip, http);
});

afterAll(async () => {
  await Promise.allSettled([worker?.stop(), pbx?.stop()]);
  await db?.$disconnect();
  await (await import("../../lib/data/db-lifecycle")).disconnectDatabase().catch(() => undefined);
  if (tmp) fs.rmSync(tmp.dir, { recursive: true, force: true });
});

describe("periodic refresh", () => {
  it("re-sends every lamp within each period, spread out, under the gateway's rate cap", async () => {
    const started = Date.now();
    await new Promise((r) => setTimeout(r, 2.5 * PERIOD_MS + 1_000));
    const all = pbx.notifies().filter((m) => m.receivedAt >= started - 2_000);
    const perLamp = new Map<string, number[]>();
    for (const m of all) {
      const ext = /^NOTIFY sip:(\d+)@/.exec(m.text)![1];
      perLamp.set(ext, [...(perLamp.get(ext) ?? []), m.receivedAt]);
    }
    for (const ext of extensions) {
      const times = perLamp.get(ext) ?? [];
      expect(times.length, `refreshes of ${ext}`).toBeGreaterThanOrEqual(2);
      // Never twice within 3/4 of the period (no storm), never more than a period apart (+ slack).
      for (let i = 1; i < times.length; i++) {
        expect(times[i] - times[i - 1]).toBeGreaterThanOrEqual(0.75 * PERIOD_MS - 300);
        expect(times[i] - times[i - 1]).toBeLessThanOrEqual(PERIOD_MS + 1_000);
      }
    }
    // Spread: the first round is not one burst but covers most of the period.
    const firsts = extensions.map((e) => perLamp.get(e)![0]).sort((a, b) => a - b);
    expect(firsts.at(-1)! - firsts[0]).toBeGreaterThan(PERIOD_MS / 2);
    expect(maxPerSecond(all)).toBeLessThanOrEqual(CAP_PER_SECOND);
    const state = await db.mwiState.findFirstOrThrow({ where: { mailbox: { extension: "7005" } } });
    expect(state.lastSentAt).not.toBeNull();
    expect(state.nextRefreshAt!.getTime()).toBeGreaterThan(Date.now() - 1_000);
  });
});

describe("on-demand resync", () => {
  it("re-sends everyone through the service, reports progress to done = total, and keeps the rate cap", async () => {
    const { startResync, getResyncJob, listResyncJobs } = await import("../../lib/services/mwi-resync");
    // 120 lamps at 20/s, on top of the periodic refresh: the cap has to hold.
    await db.umMailbox.createMany({
      data: Array.from({ length: 90 }, (_, i) => ({
        displayName: `Resync ${i}`, alias: `resync${i}`, email: `resync${i}@contoso.com`, umEnabled: true,
        umMailboxPolicyId: estate.policy.id, dialPlanId: estate.dialPlan.id, extension: String(7100 + i),
      })),
    });
    const startedAt = Date.now();
    const job = await startResync({ scope: "All" }, ADMIN);
    expect(job).toMatchObject({ scope: "All", scopeName: "Everyone", status: "running", total: 121, done: 0, failed: 0 });
    const seen: number[] = [];
    const finished = await waitFor("resync done", async () => {
      const j = await getResyncJob(job.id);
      seen.push(j.done);
      return j.status === "done" ? j : null;
    }, 20_000, 250);
    expect(finished).toMatchObject({ done: 121, failed: 0, total: 121 });
    expect(finished.finishedAt).not.toBeNull();
    // Progress was visible on the way (not just 0 then 121).
    expect(seen.some((d) => d > 0 && d < 121)).toBe(true);
    // 121 lamps at 20/s cannot take less than ~5.5 s.
    expect(Date.now() - startedAt).toBeGreaterThan(5_000);
    const during = pbx.notifies().filter((m) => m.receivedAt >= startedAt);
    console.log(`resync: 121 lamps in ${Date.now() - startedAt} ms; max NOTIFYs in one second: ${maxPerSecond(during)}`);
    expect(maxPerSecond(during)).toBeLessThanOrEqual(CAP_PER_SECOND);
    expect((await listResyncJobs()).items[0].id).toBe(job.id);

    // A single mailbox (the EAC's "Refresh lamp"), and a scope with a bad id.
    const one = await startResync({ scope: "Mailbox", id: "refresh3" }, ADMIN);
    expect(one).toMatchObject({ scope: "Mailbox", total: 1, scopeName: "Refresh 3" });
    await waitFor("one-lamp resync done", async () => (await getResyncJob(one.id)).status === "done", 10_000, 100);
    await expect(startResync({ scope: "DialPlan", id: "nope" }, ADMIN)).rejects.toThrow(/not found/);
    await expect(startResync({ scope: "Gateway" }, ADMIN)).rejects.toThrow();

    // The EAC page's figures come from the same attempts.
    const { deliveryHealth } = await import("../../lib/services/mwi-delivery-health");
    const health = await deliveryHealth();
    const gw = health.gateways.find((g) => g.name === "PBX-Refresh")!;
    expect(gw).toMatchObject({ successRate: 1, consecutiveFailures: 0 });
    expect(gw.attemptsLastHour).toBeGreaterThanOrEqual(121);
    expect(gw.p50LatencyMs).not.toBeNull();
    expect(health.rate).toHaveLength(60);
    expect(health.rate.reduce((s, p) => s + p.ok, 0)).toBe(gw.attemptsLastHour);

    const metrics = await (await fetch(`http://127.0.0.1:${worker.httpPort}/metrics`)).text();
    // A resync sends every lamp of its scope itself (its chunks are not merged with the periodic
    // refresh rows that run alongside in this test), and no lamp had a change pending: the 121
    // lamps of "everyone" and the one of "Refresh lamp", each exactly once.
    const resyncSent = Number(/lamplighter_mwi_refresh_notifies_total\{source="resync"\} (\d+)/.exec(metrics)?.[1]);
    expect(resyncSent).toBe(122);
    expect(metrics).toMatch(/lamplighter_mwi_refresh_enqueued_total [1-9]/);
    expect(metrics).toMatch(/lamplighter_mwi_resync_jobs_completed_total 2/);
    expect(metrics).toMatch(/lamplighter_sip_subscriptions 0/);
  });
});
