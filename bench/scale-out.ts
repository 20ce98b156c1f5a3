// Scale-out throughput: end-to-end NOTIFY/s with 1, 2 and 3 sip-workers on one PostgreSQL
// database, next to one worker on the embedded SQLite, in the same run. For each setup: a fresh
// database with N UM mailboxes on one gateway (a sipp PBX over TCP), the workers started and
// idle, then N outbox rows committed at once; the clock runs from that commit until the last row
// is delivered. Two kinds of work, each its own fresh database:
//   - changes: one "change" row per lamp, as the web writes them (the per-lamp delivery path);
//   - resync:  one "refresh" row per lamp, as "resync everyone" writes them (the batch path).
// Prints figures; asserts nothing.
//   npx tsx bench/scale-out.ts [--changes 5000] [--runs 1]
// PostgreSQL: BENCH_POSTGRES_URL (a server URL whose role may CREATE DATABASE), or a private
// cluster started with scripts/pg-cluster.sh (Debian's postgresql package).
import { execFileSync } from "node:child_process";
import { performance } from "node:perf_hooks";
import { freePort, minMedMax, PROJECT_ROOT, runsFromArgs, sippUas, startWorker, waitFor, workerNodeArgs, type WorkerProcess } from "./support";
import { makeTempDatabase, openTestDb } from "../tests/integration/fixtures";

const argN = process.argv.indexOf("--changes");
const N = argN >= 0 ? Number(process.argv[argN + 1]) : 5_000;
const RUNS = runsFromArgs(1);
// --only "PostgreSQL, 1 worker" runs one setup (e.g. to profile it with BENCH_WORKER_NODE_ARGS).
const argOnly = process.argv.indexOf("--only");
const ONLY = argOnly >= 0 ? process.argv[argOnly + 1] : undefined;

const pgServer = process.env.BENCH_POSTGRES_URL
  ?? execFileSync("bash", ["scripts/pg-cluster.sh", "start"], { cwd: PROJECT_ROOT, env: { ...process.env, PG_DB: "postgres" }, encoding: "utf8" }).trim();

interface Setup { label: string; database: "sqlite" | "postgresql"; workers: number }
const SETUPS: Setup[] = [
  { label: "SQLite, 1 worker", database: "sqlite", workers: 1 },
  { label: "PostgreSQL, 1 worker", database: "postgresql", workers: 1 },
  { label: "PostgreSQL, 2 workers", database: "postgresql", workers: 2 },
  { label: "PostgreSQL, 3 workers", database: "postgresql", workers: 3 },
];

type Work = "change" | "refresh";

async function runSetup(s: Setup, work: Work): Promise<{ perSec: number; seconds: number }> {
  if (s.database === "postgresql") process.env.TEST_POSTGRES_URL = pgServer;
  else delete process.env.TEST_POSTGRES_URL;
  const tmp = makeTempDatabase("lamplighter_bench_scale_");
  // Migrations in a child process: lib/env reads DATABASE_URL once per process.
  execFileSync(process.execPath, ["--import", "tsx", "scripts/migrate.ts", "deploy"], { cwd: PROJECT_ROOT, env: { ...process.env, DATABASE_URL: tmp.url }, stdio: "pipe" });
  const db = openTestDb(tmp.url);
  const pbxPort = await freePort();
  const pbx = await sippUas(pbxPort);
  const workers: WorkerProcess[] = [];
  try {
    const plan = await db.umDialPlan.create({ data: { name: "Bench DP", numberOfDigitsInExtension: 6, countryOrRegionCode: "1" } });
    const policy = await db.umMailboxPolicy.create({ data: { name: "Bench Policy", dialPlanId: plan.id } });
    const gw = await db.umIpGateway.create({ data: { name: "Bench PBX", address: "127.0.0.1", port: pbxPort } });
    await db.umIpGatewayDialPlan.create({ data: { gatewayId: gw.id, dialPlanId: plan.id, gatewayOrder: 0, dialPlanOrder: 0 } });
    await db.umMailbox.createMany({
      data: Array.from({ length: N }, (_, i) => ({
        displayName: `User ${i}`, alias: `u${i}`, email: `u${i}@contoso.com`, umEnabled: true,
        umMailboxPolicyId: policy.id, dialPlanId: plan.id, extension: String(100000 + i),
      })),
    });
    const ids = (await db.umMailbox.findMany({ select: { id: true } })).map((m) => m.id);
    const later = new Date(Date.now() + 24 * 3600_000); // no periodic refresh during the run
    await db.mwiState.createMany({ data: ids.map((mailboxId) => ({ mailboxId, version: 1, newCount: 1, messagesWaiting: true, nextRefreshAt: later })) });

    for (let i = 0; i < s.workers; i++) {
      const [sip, http] = [await freePort(), await freePort()];
      workers.push(await startWorker({ DATABASE_URL: tmp.url, LOG_LEVEL: "warn", SIP_UDP_PORT: String(sip), MWI_GATEWAY_RATE_PER_SEC: "0" }, sip, http, workerNodeArgs()));
    }
    const now = new Date();
    await db.mwiOutbox.createMany({ data: ids.map((mailboxId) => ({ mailboxId, stateVersion: 1, kind: work, status: "pending", nextAttemptAt: now })) });
    const started = performance.now();
    await waitFor("all delivered", async () => (await db.mwiOutbox.count({ where: { status: "pending" } })) === 0, 900_000, 100);
    const seconds = (performance.now() - started) / 1000;
    const delivered = await db.mwiOutbox.count({ where: { status: "delivered" } });
    return { perSec: delivered / seconds, seconds };
  } finally {
    await Promise.allSettled(workers.map((w) => w.stop()));
    await pbx.stop();
    await db.$disconnect();
  }
}

const WORK: { work: Work; label: string }[] = [{ work: "change", label: "changes" }, { work: "refresh", label: "resync" }];
const results = new Map<string, { perSec: number[]; seconds: number[] }>();
for (let run = 1; run <= RUNS; run++) {
  for (const w of WORK) {
    for (const s of SETUPS) {
      if (ONLY && s.label !== ONLY) continue;
      const r = await runSetup(s, w.work);
      const key = `${w.label}: ${s.label}`;
      const acc = results.get(key) ?? { perSec: [], seconds: [] };
      acc.perSec.push(r.perSec);
      acc.seconds.push(r.seconds);
      results.set(key, acc);
      console.log(`run ${run}: ${key}: ${N} rows delivered in ${r.seconds.toFixed(1)} s → ${r.perSec.toFixed(0)} NOTIFY/s`);
    }
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
for (const w of WORK) {
  const base = results.get(`${w.label}: ${SETUPS[0].label}`) ?? [...results.values()][0];
  console.log(`\nscale-out, ${N} ${w.label === "changes" ? "lamp changes" : "lamps resynced"} per setup (end to end, NOTIFY/s; ratio to SQLite with 1 worker, same run):`);
  for (const s of SETUPS) {
    const r = results.get(`${w.label}: ${s.label}`);
    if (!r) continue;
    console.log(`  ${s.label.padEnd(24)} ${minMedMax(r.perSec, 0)} NOTIFY/s  ×${(median(r.perSec) / median(base.perSec)).toFixed(2)}`);
  }
}
process.exit(0);
