// Memory of the sip-worker with a big estate: 100,000 UM mailboxes with lamp states (and 10,000
// message-summary subscriptions in the database), idle after start-up and while it re-sends every
// lamp (sampled over the first SAMPLE_S seconds of a resync of everyone). Reads VmRSS/VmHWM
// from /proc. Prints figures; asserts nothing.
//   npx tsx bench/worker-rss.ts [--runs 3] [--mailboxes 100000] [--subscriptions 10000]
import fs from "node:fs";
import Database from "better-sqlite3";
import { BENCH_ADMIN, benchDb, freePort, minMedMax, runsFromArgs, seedEstate, sippUas, startShippedWorker } from "./support";

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}
const N = arg("--mailboxes", 100_000);
const SUBS = arg("--subscriptions", 10_000);
const RUNS = runsFromArgs(1);
const SAMPLE_S = arg("--sample-seconds", 20);

function memMb(pid: number): { rss: number; hwm: number } {
  const s = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (k: string) => Number(new RegExp(`^${k}:\\s+(\\d+)`, "m").exec(s)?.[1] ?? 0);
  return { rss: kb("VmRSS") / 1024, hwm: kb("VmHWM") / 1024 };
}

const bench = await benchDb("lamplighter-bench-rss-");
const pbxPort = await freePort();
const estate = await seedEstate(bench.db, N, pbxPort);
{
  // Subscriptions as the SUBSCRIBE handling stores them (a dialog per phone), expiring in an hour.
  const { newRowId, sqlDate } = await import("../lib/data/bulk-sql");
  const raw = new Database(bench.url.replace(/^file:/, ""));
  const ins = raw.prepare(`INSERT INTO "SipSubscription" ("id", "mailboxId", "callId", "localTag", "remoteTag", "remoteUri", "remoteTarget",
    "transport", "peerHost", "peerPort", "expiresAt", "createdAt") VALUES (?,?,?,?,?,?,?,'TCP','127.0.0.1',?,?,?)`);
  const now = sqlDate(new Date()), exp = sqlDate(new Date(Date.now() + 3600_000));
  raw.transaction(() => {
    for (let i = 0; i < SUBS; i++) {
      const m = estate.mailboxes[i % estate.mailboxes.length];
      ins.run(newRowId(), m.id, `bench-${i}@127.0.0.1`, `lt${i}`, `rt${i}`, `sip:${m.extension}@127.0.0.1`, `sip:${m.extension}@127.0.0.1:${pbxPort};transport=tcp`, pbxPort, exp, now);
    }
  })();
  raw.close();
}
const pbx = await sippUas(pbxPort);
const idle: number[] = [], busy: number[] = [], peaks: number[] = [];
try {
  for (let run = 1; run <= RUNS; run++) {
    const [sip, http] = [await freePort(), await freePort()];
    const worker = await startShippedWorker({ DATABASE_URL: bench.url, LOG_LEVEL: "warn", SIP_UDP_PORT: String(sip), MWI_GATEWAY_RATE_PER_SEC: "0" }, sip, http);
    const pid = worker.child.pid!;
    await new Promise((r) => setTimeout(r, 10_000));
    const i = memMb(pid);
    // Then every lamp re-sent (the heaviest thing the worker does with a big estate).
    const { startResync, getResyncJob } = await import("../lib/services/mwi-resync");
    const job = await startResync({ scope: "All" }, BENCH_ADMIN);
    let maxRss = 0;
    const until = Date.now() + SAMPLE_S * 1000;
    let progress = { done: 0, status: "running" };
    while (Date.now() < until && progress.status === "running") {
      maxRss = Math.max(maxRss, memMb(pid).rss);
      progress = await getResyncJob(job.id);
      await new Promise((r) => setTimeout(r, 500));
    }
    const m = memMb(pid);
    idle.push(i.rss); busy.push(maxRss); peaks.push(m.hwm);
    console.log(`run ${run}: RSS idle ${i.rss.toFixed(0)} MB; during the first ${SAMPLE_S} s of a resync of ${N} lamps ` +
      `(${progress.done} re-sent) max ${maxRss.toFixed(0)} MB; peak (VmHWM) ${m.hwm.toFixed(0)} MB`);
    await worker.stop();
    // The resync is cut short: finish its rows here, or the next run's "idle" worker would be
    // delivering them from the moment it starts.
    const raw = new Database(bench.url.replace(/^file:/, ""));
    raw.prepare(`UPDATE "MwiOutbox" SET "status" = 'superseded', "claimedBy" = NULL, "leaseUntil" = NULL WHERE "status" = 'pending'`).run();
    raw.prepare(`UPDATE "MwiResyncJob" SET "status" = 'done' WHERE "status" = 'running'`).run();
    raw.close();
  }
  console.log(`\nworker RSS with ${N} mailboxes and ${SUBS} subscriptions in the database:`);
  console.log(`  idle                ${minMedMax(idle, 0)} MB (target ≤ 200 MB)`);
  console.log(`  during resync       ${minMedMax(busy, 0)} MB`);
  console.log(`  peak (VmHWM)        ${minMedMax(peaks, 0)} MB`);
} finally {
  await pbx.stop();
  await bench.cleanup();
}
