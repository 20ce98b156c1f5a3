// Delivery under trouble, with the real worker and sipp PBXs: a gateway that is down (failover to
// the next, and back to it once it answers again), a storm of changes to one lamp (coalesced),
// and a worker killed with SIGKILL mid-delivery (its rows taken over after the lease; no change lost).
import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PrismaClient } from "../../lib/generated/sqlite/client";
import {
  createEstate, freePort, makeTempDatabase, openTestDb, simulateWebMwiChange, startSippUas, startWorker, waitFor,
  type SippUas, type WorkerProcess,
} from "./fixtures";

const SIP_DOMAIN = "um.contoso.com";
const counts = (n: number) => ({ messagesWaiting: n > 0, newCount: n, oldCount: 0, newUrgentCount: 0, oldUrgentCount: 0 });

let tmp: { dir: string; url: string };
let db: PrismaClient;
const stops: (() => Promise<unknown>)[] = [];

function notifiesFor(pbx: SippUas, extension: string) {
  return pbx.notifies().filter((m) => m.text.startsWith(`NOTIFY sip:${extension}@`));
}

async function delivered(mailboxId: string) {
  const s = await db.mwiState.findUniqueOrThrow({ where: { mailboxId } });
  return s.deliveredVersion === s.version;
}

beforeAll(async () => {
  tmp = makeTempDatabase("lamplighter-rel-");
  process.env.DATABASE_URL = tmp.url;
  const { migrate } = await import("../../lib/data/migrate");
  await migrate({ quiet: true });
  db = openTestDb(tmp.url);
});

afterAll(async () => {
  await Promise.allSettled(stops.map((s) => s()));
  await db?.$disconnect();
  if (tmp) fs.rmSync(tmp.dir, { recursive: true, force: true });
});

describe("failover and coalescing (one worker)", () => {
  let worker: WorkerProcess;
  let pbxB: SippUas;
  let portA: number;

  beforeAll(async () => {
    const [pA, pB, sip, http] = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
    portA = pA;
    pbxB = await startSippUas("pbx-uas-200.xml", pB, tmp.dir);
    stops.push(() => pbxB.stop());
    // SIP_UDP_PORT too: each worker of this file needs its own ports (UDP defaults to 5060).
    worker = await startWorker({ DATABASE_URL: tmp.url, SIP_DOMAIN, LOG_LEVEL: "warn", SIP_UDP_PORT: String(sip) }, sip, http);
    stops.push(() => worker.stop());
  });

  it("fails over from a gateway that is down, and goes back to it once it answers again", async () => {
    const { mailbox, gateways } = await createEstate(db, {
      name: "Failover Down", extension: "4101",
      gateways: [{ name: "GW-A (down)", port: portA }, { name: "GW-B", port: pbxB.port }],
    });
    const first = await simulateWebMwiChange(db, mailbox.id, counts(1));
    await waitFor("first change delivered", () => delivered(mailbox.id), 5_000);
    const attempts = await db.deliveryAttempt.findMany({ where: { outboxId: first.row.id }, orderBy: { createdAt: "asc" } });
    expect(attempts.map((a) => [a.gatewayId, a.ok])).toEqual([[gateways[0].id, false], [gateways[1].id, true]]);
    expect(attempts[0].reason).toMatch(/^refused/);
    expect(notifiesFor(pbxB, "4101")).toHaveLength(1);

    // GW-A comes back: the next change goes to it, the first in the dial plan's order.
    const pbxA = await startSippUas("pbx-uas-200.xml", portA, tmp.dir);
    stops.push(() => pbxA.stop());
    const second = await simulateWebMwiChange(db, mailbox.id, counts(2));
    await waitFor("second change delivered", () => delivered(mailbox.id), 5_000);
    const again = await db.deliveryAttempt.findMany({ where: { outboxId: second.row.id } });
    expect(again.map((a) => [a.gatewayId, a.ok])).toEqual([[gateways[0].id, true]]);
    expect(notifiesFor(pbxA, "4101")[0].text).toContain("Voice-Message: 2/0 (0/0)");
    expect(notifiesFor(pbxB, "4101")).toHaveLength(1);
  });

  it("coalesces a storm of 500 changes to one lamp into far fewer NOTIFYs, the last with the final counts", async () => {
    const { mailbox } = await createEstate(db, { name: "Storm", extension: "4102", gateways: [{ name: "GW-B", port: pbxB.port }] });
    for (let n = 1; n <= 500; n++) await simulateWebMwiChange(db, mailbox.id, counts(n));
    await waitFor("storm delivered", () => delivered(mailbox.id), 10_000);
    await new Promise((r) => setTimeout(r, 300));
    const got = notifiesFor(pbxB, "4102");
    console.log(`storm: 500 changes -> ${got.length} NOTIFYs`);
    expect(got.length).toBeGreaterThanOrEqual(1);
    expect(got.length).toBeLessThanOrEqual(50);
    expect(got.at(-1)!.text).toContain("Voice-Message: 500/0 (0/0)");
    expect(await db.mwiOutbox.count({ where: { mailboxId: mailbox.id, status: "pending" } })).toBe(0);
  });
});

describe("a worker killed mid-delivery", () => {
  it("loses no state change: after the lease, a new worker delivers every lamp's final state", async () => {
    const [pSlow, sip1, http1, sip2, http2] = await Promise.all([freePort(), freePort(), freePort(), freePort(), freePort()]);
    const slow = await startSippUas("pbx-uas-200-slow.xml", pSlow, tmp.dir);
    stops.push(() => slow.stop());
    const { mailbox: first, dialPlan, policy, gateways } = await createEstate(db, {
      name: "Crash", extension: "4200", gateways: [{ name: "GW-Slow", port: pSlow }],
    });
    void gateways;
    const mailboxes = [first];
    for (let i = 1; i < 12; i++) {
      const m = await db.umMailbox.create({
        data: {
          displayName: `Crash ${i}`, alias: `crash${i}`, email: `crash${i}@contoso.com`, umEnabled: true,
          umMailboxPolicyId: policy.id, dialPlanId: dialPlan.id, extension: String(4200 + i),
        },
      });
      await db.mwiState.create({ data: { mailboxId: m.id } });
      mailboxes.push(m);
    }
    // A delivery holds its row for max(LEASE_MS, transaction timeout (TCP, or UDP Timer F) + 5 s): shorten all.
    const env = { DATABASE_URL: tmp.url, SIP_DOMAIN, LOG_LEVEL: "warn", LEASE_MS: "2000", SIP_TRANSACTION_TIMEOUT_MS: "2500", SIP_TIMER_F_MS: "2500" };
    const w1 = await startWorker({ ...env, SIP_UDP_PORT: String(sip1) }, sip1, http1);
    stops.push(() => w1.stop());
    for (const m of mailboxes) await simulateWebMwiChange(db, m.id, counts(1));
    // NOTIFYs are out and the slow PBX has not answered yet: kill the worker there.
    await waitFor("NOTIFYs in flight", () => slow.notifies().length >= 6, 5_000, 20);
    w1.child.kill("SIGKILL");
    await new Promise((r) => w1.child.once("exit", r));
    const inFlight = await db.mwiOutbox.count({ where: { status: "pending", claimedBy: { not: null } } });
    expect(inFlight).toBeGreaterThan(0);

    // Changes keep coming while no worker runs.
    for (const [i, m] of mailboxes.entries()) await simulateWebMwiChange(db, m.id, counts(10 + i));
    const w2 = await startWorker({ ...env, SIP_UDP_PORT: String(sip2) }, sip2, http2);
    stops.push(() => w2.stop());
    await waitFor("every lamp delivered", async () => {
      for (const m of mailboxes) if (!(await delivered(m.id))) return false;
      return true;
    }, 25_000, 100).catch(async (e) => {
      console.log(w2.output().slice(-3000), await db.mwiOutbox.findMany({ where: { status: "pending" } }));
      throw e;
    });
    await new Promise((r) => setTimeout(r, 300));
    for (const [i, m] of mailboxes.entries()) {
      const last = notifiesFor(slow, m.extension!).at(-1);
      expect(last?.text, `lamp ${m.extension}`).toContain(`Voice-Message: ${10 + i}/0 (0/0)`);
    }
    expect(await db.mwiOutbox.count({ where: { status: "pending" } })).toBe(0);
  });
});
