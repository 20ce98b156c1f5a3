// A resync of everyone runs as chunks of the estate (lib/data/mwi-resync-chunks.ts). Here the
// worker sending it is SIGKILLed mid-chunk, a second worker takes the chunk over after its lease,
// and lamp changes are written while the resync runs. Afterwards the job is done with
// done = total, every lamp was re-sent, and each lamp's last NOTIFY at the PBX carries its final
// state: a resync NOTIFY loaded before a change never arrives after that change's NOTIFY.
import { describe, expect, it } from "vitest";
import type { Principal } from "../../lib/auth/principal";
import {
  createBulkEstate, freePort, spawnWorker, startSippUas, startTcpFront, startWorker, TEST_DATABASE, useTestDatabase, waitFor, type WorkerProcess,
} from "./fixtures";
import { buildWorker, WORKER_NODE_FLAGS } from "../../scripts/build-worker";
import { PROJECT_ROOT } from "../support/processes";

const MAILBOXES = 2_500; // three chunks of up to 1,000
const ADMIN: Principal = { userId: null, name: "integration test", role: "admin", via: "env-token" };

const t = useTestDatabase("lamplighter-resync-chunks-");

describe(`resync chunks on ${TEST_DATABASE}`, () => {
  it("survive SIGKILL of the worker sending them, and never overtake a change", async () => {
    // The PBX behind a TCP front: sipp would end its test on the killed worker's reset connection.
    const [sippPort, pbxPort] = [await freePort(), await freePort()];
    const pbx = await startSippUas("pbx-uas-200.xml", sippPort, t.tmp.dir, { transport: "tn" });
    t.stops.push(() => pbx.stop());
    const front = await startTcpFront({ listenPort: pbxPort, targetPort: sippPort });
    t.stops.push(() => front.stop());

    const extensions = Array.from({ length: MAILBOXES }, (_, i) => String(30000 + i));
    const { mailboxes } = await createBulkEstate(t.db, { name: "Chunk", gatewayPort: pbxPort, extensions });
    const later = new Date(Date.now() + 24 * 3600_000); // no periodic refresh during the test
    await t.db.mwiState.createMany({
      data: mailboxes.map((m) => ({ mailboxId: m.id, nextRefreshAt: later, version: 1, deliveredVersion: 1, messagesWaiting: true, newCount: 1 })),
    });

    // 400 NOTIFYs/s per gateway: a chunk takes ~2.5 s, in sub-batches of 400; a short lease so the
    // killed worker's chunk is taken over within seconds.
    const env = { DATABASE_URL: t.tmp.url, SIP_DOMAIN: "um.contoso.com", LOG_LEVEL: "warn", LEASE_MS: "2000", WORKER_POLL_MS: "50", MWI_GATEWAY_RATE_PER_SEC: "400" };
    const start = async (): Promise<WorkerProcess> => {
      const [sip, http] = [await freePort(), await freePort()];
      const w = await startWorker({ ...env, SIP_UDP_PORT: String(sip) }, sip, http);
      t.stops.push(() => w.stop());
      return w;
    };
    const first = await start();

    const { startResync, getResyncJob } = await import("../../lib/services/mwi-resync");
    const job = await startResync({ scope: "All" }, ADMIN);
    expect(job.total).toBe(MAILBOXES);
    expect(await t.db.mwiResyncChunk.count({ where: { jobId: job.id } })).toBe(3);

    // Kill the worker once a sub-batch is recorded, mid-chunk.
    await waitFor("the first sub-batch finished", async () => (await t.db.mwiResyncChunk.count({ where: { jobId: job.id, done: { gt: 0 } } })) > 0, 30_000, 20);
    first.child.kill("SIGKILL");
    await new Promise((r) => first.child.once("exit", r));
    const second = await start();

    // A change to every lamp while the resync goes on (version 2: two new messages).
    for (let i = 0; i < mailboxes.length; i += 250) {
      const ids = mailboxes.slice(i, i + 250).map((m) => m.id);
      const now = new Date();
      await t.db.$transaction([
        t.db.mwiState.updateMany({ where: { mailboxId: { in: ids } }, data: { newCount: 2, version: 2, updatedAt: now } }),
        t.db.mwiOutbox.createMany({ data: ids.map((mailboxId) => ({ mailboxId, stateVersion: 2, kind: "change", status: "pending", nextAttemptAt: now })) }),
      ]);
      await new Promise((r) => setTimeout(r, 100));
    }

    const done = await waitFor("resync done", async () => {
      const j = await getResyncJob(job.id);
      return j.status === "done" ? j : null;
    }, 120_000, 200);
    await waitFor("every change delivered", async () => (await t.db.mwiOutbox.count({ where: { status: "pending" } })) === 0, 60_000, 200);
    await new Promise((r) => setTimeout(r, 500)); // the last NOTIFYs are in sipp's trace

    expect(done).toMatchObject({ total: MAILBOXES, done: MAILBOXES, failed: 0 });
    const chunks = await t.db.mwiResyncChunk.findMany({ where: { jobId: job.id } });
    expect(chunks.map((c) => c.status)).toEqual(["done", "done", "done"]);
    expect(chunks.every((c) => c.claimedBy === null && c.activeFrom === null)).toBe(true);
    expect(chunks.reduce((s, c) => s + c.done, 0)).toBe(MAILBOXES);

    // At the PBX: every lamp re-sent, and its last NOTIFY is its final state.
    const lastByExt = new Map<string, string>();
    for (const msg of pbx.notifies()) {
      const ext = /^NOTIFY sip:(\d+)@/.exec(msg.text)?.[1];
      const summary = /Voice-Message: (\d+\/\d+ \(\d+\/\d+\))/.exec(msg.text)?.[1];
      if (ext && summary) lastByExt.set(ext, summary);
    }
    expect(extensions.filter((ext) => !lastByExt.has(ext))).toEqual([]);
    const wrong = extensions.filter((ext) => lastByExt.get(ext) !== "2/0 (0/0)");
    expect(wrong.slice(0, 5), `${wrong.length} lamps whose last NOTIFY is not the final state`).toEqual([]);
    expect(await t.db.mwiState.count({ where: { deliveredVersion: { lt: 2 } } })).toBe(0);
    // Not left running into the next test: it would claim that test's chunks.
    await second.stop();
  });

  it("are shared with a helper thread when uncapped, each lamp sent once, counted in the worker's /metrics", async () => {
    const LAMPS = 30_000; // thirty chunks: the helper thread starts while the main thread sends the first ones
    const pbxPort = await freePort();
    const pbx = await startSippUas("pbx-uas-200.xml", pbxPort, t.tmp.dir, { transport: "tn" });
    t.stops.push(() => pbx.stop());
    const extensions = Array.from({ length: LAMPS }, (_, i) => String(100000 + i));
    const { dialPlan, mailboxes: threadMailboxes } = await createBulkEstate(t.db, { name: "Thread", gatewayPort: pbxPort, extensions });
    await t.db.mwiState.createMany({ data: threadMailboxes.map((m) => ({ mailboxId: m.id, nextRefreshAt: new Date(Date.now() + 24 * 3600_000) })) });
    const [sip, http] = [await freePort(), await freePort()];
    // The worker as `npm start` runs it (the bundle): the helper thread starts in well under a
    // second, while the main thread is still on its first chunks.
    const worker = await spawnWorker([...WORKER_NODE_FLAGS, await buildWorker(PROJECT_ROOT)], {
      DATABASE_URL: t.tmp.url, SIP_DOMAIN: "um.contoso.com", LOG_LEVEL: "info", SIP_UDP_PORT: String(sip),
      MWI_GATEWAY_RATE_PER_SEC: "0", RESYNC_HELPER_THREADS: "1",
    }, sip, http);
    t.stops.push(() => worker.stop());

    const { startResync, getResyncJob } = await import("../../lib/services/mwi-resync");
    const job = await startResync({ scope: "DialPlan", id: dialPlan.id }, ADMIN);
    expect(job.total).toBe(LAMPS);
    const done = await waitFor("resync done", async () => {
      const j = await getResyncJob(job.id);
      return j.status === "done" ? j : null;
    }, 120_000, 100);
    expect(done).toMatchObject({ total: LAMPS, done: LAMPS, failed: 0 });
    await waitFor("the helper thread finished", async () => /resync helper thread finished/.test(worker.output()), 10_000, 100);

    // Each lamp exactly once at the PBX: two senders never share a chunk.
    const perExt = new Map<string, number>();
    for (const msg of pbx.notifies()) {
      const ext = /^NOTIFY sip:(\d+)@/.exec(msg.text)?.[1];
      if (ext) perExt.set(ext, (perExt.get(ext) ?? 0) + 1);
    }
    expect(extensions.filter((ext) => perExt.get(ext) !== 1).slice(0, 5)).toEqual([]);
    // The thread's NOTIFYs are in the worker's /metrics too (relayed to the main thread; its last
    // relay is a message that may land just after the thread's last log line).
    const resyncCounted = async () => {
      const metrics = await (await fetch(`http://127.0.0.1:${worker.httpPort}/metrics`)).text();
      return Number(/lamplighter_mwi_refresh_notifies_total\{source="resync"\} (\d+)/.exec(metrics)?.[1]);
    };
    await waitFor("the thread's counts relayed", async () => (await resyncCounted()) >= LAMPS, 5_000, 100).catch(() => undefined);
    expect(await resyncCounted()).toBe(LAMPS);
    const share = /"chunks":(\d+),"lamps":(\d+)[^\n]*resync helper thread finished/.exec(worker.output());
    console.log(`resync with a helper thread (${TEST_DATABASE}): ${LAMPS} lamps; the thread sent ${share?.[2]} in ${share?.[1]} chunks`);
    expect(Number(share?.[2])).toBeGreaterThan(0);
  });
});
