// Throughput of "resync everyone": a fresh database with 100,000 UM mailboxes, the real worker
// delivering to a sipp PBX over TCP with the per-gateway rate cap lifted, against the same run's
// ceiling — sipp's own UAC→UAS NOTIFY rate on this machine. Prints figures; asserts nothing.
// The worker sends with its main thread and RESYNC_HELPER_THREADS helper threads (default: one
// per core beyond the first); `--workers N` starts N worker processes on the same file instead of one.
//   npx tsx bench/resync-throughput.ts [--runs 3] [--mailboxes 100000] [--workers 1]
import { performance } from "node:perf_hooks";
import { BENCH_ADMIN, benchDb, freePort, minMedMax, runsFromArgs, seedEstate, sippCeiling, sippUas, startShippedWorker, waitFor } from "./support";

const argN = process.argv.indexOf("--mailboxes");
const N = argN >= 0 ? Number(process.argv[argN + 1]) : 100_000;
const RUNS = runsFromArgs(1);

const bench = await benchDb("lamplighter-bench-resync-");
const pbxPort = await freePort();
const t0 = performance.now();
await seedEstate(bench.db, N, pbxPort);
console.log(`seeded ${N} UM mailboxes with lamp states in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

const pbx = await sippUas(pbxPort);
const argW = process.argv.indexOf("--workers");
const WORKERS = argW >= 0 ? Number(process.argv[argW + 1]) : 1;
const workers = [];
for (let i = 0; i < WORKERS; i++) {
  const [sip, http] = [await freePort(), await freePort()];
  workers.push(await startShippedWorker({
    DATABASE_URL: bench.url, LOG_LEVEL: "warn", SIP_UDP_PORT: String(sip),
    MWI_GATEWAY_RATE_PER_SEC: "0", // the cap lifted for the run (the default is 50/s per gateway)
  }, sip, http));
}
const { startResync, getResyncJob } = await import("../lib/services/mwi-resync");

const rates: number[] = [], seconds: number[] = [], enqueueMs: number[] = [], ceilings: number[] = [], ratios: number[] = [];
try {
  for (let run = 1; run <= RUNS; run++) {
    const started = performance.now();
    const job = await startResync({ scope: "All" }, BENCH_ADMIN);
    const enqueued = performance.now() - started;
    const done = await waitFor("resync done", async () => {
      const j = await getResyncJob(job.id);
      return j.status === "done" ? j : null;
    }, 600_000, 100);
    const ms = performance.now() - started;
    const rate = done.done / (ms / 1000);
    // The ceiling in the same run, right after: sipp UAC → sipp UAS, 1,000 outstanding, one TCP connection.
    const ceiling = await sippCeiling(N);
    rates.push(rate); seconds.push(ms / 1000); enqueueMs.push(enqueued); ceilings.push(ceiling.perSec); ratios.push(rate / ceiling.perSec);
    console.log(`run ${run}: ${done.done}/${done.total} lamps re-sent (${done.failed} failed) in ${(ms / 1000).toFixed(2)} s ` +
      `(job and its chunks written in ${enqueued.toFixed(0)} ms) → ${rate.toFixed(0)} NOTIFY/s end to end; ` +
      `sipp UAC→UAS ceiling ${ceiling.perSec.toFixed(0)} NOTIFY/s → ${(100 * rate / ceiling.perSec).toFixed(1)} % of sipp`);
  }
  console.log("\nresync everyone, 100,000-lamp figures:");
  console.log(`  end to end          ${minMedMax(rates, 0)} NOTIFY/s`);
  console.log(`  all lamps re-sent   ${minMedMax(seconds, 2)} s (target ≤ 30 s)`);
  console.log(`  enqueue (web side)  ${minMedMax(enqueueMs, 0)} ms`);
  console.log(`  sipp ceiling        ${minMedMax(ceilings, 0)} NOTIFY/s`);
  console.log(`  ratio               ${minMedMax(ratios.map((r) => 100 * r), 1)} % of sipp (target ≥ 25 %)`);
} finally {
  await Promise.all(workers.map((w) => w.stop()));
  await pbx.stop();
  await bench.cleanup();
}
