// The periodic refresh with three sip-workers on one database: each lamp is re-sent once per
// period across the fleet (its time moved on by a guarded update in the transaction that queues
// it), not once per worker — three workers must not triple the PBX's refresh load.
import { describe, expect, it } from "vitest";
import {
  createEstate, freePort, startSippUas, startWorker, TEST_DATABASE, useTestDatabase, type SippUas,
} from "./fixtures";

const PERIOD_MS = 4_000;
const LAMPS = 150;

const t = useTestDatabase("lamplighter-mwref-");

describe(`periodic refresh with three workers on one ${TEST_DATABASE} database`, () => {
  it("re-sends each lamp once per period across the fleet, not once per worker", async () => {
    const pbx: SippUas = await startSippUas("pbx-uas-200.xml", await freePort(), t.tmp.dir);
    t.stops.push(() => pbx.stop());
    const estate = await createEstate(t.db, { name: "Fleet", extension: "8000", gateways: [{ name: "Fleet PBX", port: pbx.port }] });
    await t.db.umMailbox.createMany({
      data: Array.from({ length: LAMPS - 1 }, (_, i) => ({
        displayName: `Fleet ${i}`, alias: `fleet${i}`, email: `fleet${i}@contoso.com`, umEnabled: true,
        umMailboxPolicyId: estate.policy.id, dialPlanId: estate.dialPlan.id, extension: String(8001 + i),
      })),
    });
    const extensions = Array.from({ length: LAMPS }, (_, i) => String(8000 + i));

    const env = { DATABASE_URL: t.tmp.url, SIP_DOMAIN: "um.contoso.com", LOG_LEVEL: "warn", REFRESH_PERIOD_MS: String(PERIOD_MS), MWI_GATEWAY_RATE_PER_SEC: "0" };
    for (let i = 0; i < 3; i++) {
      const [sip, http] = [await freePort(), await freePort()];
      const w = await startWorker({ ...env, SIP_UDP_PORT: String(sip) }, sip, http);
      t.stops.push(() => w.stop());
    }
    const started = Date.now();
    await new Promise((r) => setTimeout(r, 3 * PERIOD_MS + 1_000));

    const perLamp = new Map<string, number[]>();
    for (const m of pbx.notifies()) {
      if (m.receivedAt < started - 1_000) continue;
      const ext = /^NOTIFY sip:(\d+)@/.exec(m.text)![1];
      perLamp.set(ext, [...(perLamp.get(ext) ?? []), m.receivedAt]);
    }
    const counts = extensions.map((e) => perLamp.get(e)?.length ?? 0);
    const gaps = extensions.flatMap((e) => (perLamp.get(e) ?? []).slice(1).map((t, i) => t - perLamp.get(e)![i]));
    console.log(`fleet refresh (${TEST_DATABASE}): ${LAMPS} lamps, 3 workers, ${3 * PERIOD_MS + 1_000} ms: ` +
      `refreshes per lamp min ${Math.min(...counts)} max ${Math.max(...counts)}; shortest gap ${Math.min(...gaps)} ms (period ${PERIOD_MS} ms)`);
    for (const [i, ext] of extensions.entries()) {
      // Once per period, 3/4 to 1 period apart: in the 14 s looked at, at least 2 and at most
      // 1 + 14 / 3 = 5 (three workers refreshing on their own would give 9 or more).
      expect(counts[i], `refreshes of ${ext}`).toBeGreaterThanOrEqual(2);
      expect(counts[i], `refreshes of ${ext}`).toBeLessThanOrEqual(5);
    }
    // One worker's refresh moves the time on for everyone: never two within 3/4 of a period.
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(0.75 * PERIOD_MS - 300);
  }, 120_000);
});
