// The worker is woken by a committed lamp change, not by its poll: with WORKER_POLL_MS at 10 s,
// every change still reaches the PBX within a fraction of a second. SQLite: the worker watches
// the file's data_version; PostgreSQL: the outbox insert trigger's NOTIFY and the worker's LISTEN.
import { describe, expect, it } from "vitest";
import {
  createEstate, freePort, simulateWebMwiChange, startSippUas, startWorker, TEST_DATABASE, useTestDatabase, waitFor, type SippUas,
} from "./fixtures";

const t = useTestDatabase("lamplighter-wake-");

describe(`outbox wake-up on ${TEST_DATABASE}`, () => {
  it("delivers each change long before the next poll", async () => {
    const pbx: SippUas = await startSippUas("pbx-uas-200.xml", await freePort(), t.tmp.dir);
    t.stops.push(() => pbx.stop());
    // One lamp per change: a lamp's own changes are paced by MWI_MIN_INTERVAL_MS, not tested here.
    const mailboxes = [];
    for (let i = 1; i <= 5; i++) {
      mailboxes.push((await createEstate(t.db, { name: `Wake ${i}`, extension: String(4500 + i), gateways: [{ name: "Wake PBX", port: pbx.port }] })).mailbox);
    }
    const [sip, http] = [await freePort(), await freePort()];
    const worker = await startWorker({
      DATABASE_URL: t.tmp.url, SIP_DOMAIN: "um.contoso.com", LOG_LEVEL: "warn", SIP_UDP_PORT: String(sip), WORKER_POLL_MS: "10000",
    }, sip, http);
    t.stops.push(() => worker.stop());
    // Let the worker's first poll (at start) pass, so only a wake-up can claim what follows.
    await new Promise((r) => setTimeout(r, 1_500));

    const latencies: number[] = [];
    for (let i = 1; i <= 5; i++) {
      const before = pbx.notifies().length;
      const t0 = Date.now();
      await simulateWebMwiChange(t.db, mailboxes[i - 1].id, { messagesWaiting: true, newCount: i, oldCount: 0, newUrgentCount: 0, oldUrgentCount: 0 });
      const got = await waitFor(`NOTIFY ${i}`, () => pbx.notifies().slice(before).find((m) => m.text.startsWith(`NOTIFY sip:${4500 + i}@`)), 5_000, 5);
      latencies.push(got.receivedAt - t0);
    }
    console.log(`wake-up (${TEST_DATABASE}), change committed → NOTIFY at the PBX, poll every 10 s: ${latencies.join(", ")} ms`);
    // The poll would take up to 10 s; a wake-up takes milliseconds (1 s allows for a loaded machine).
    for (const ms of latencies) expect(ms).toBeLessThan(1_000);
  }, 60_000);
});
