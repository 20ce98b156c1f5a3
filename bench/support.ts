// Shared pieces of the benchmarks: a throw-away database with a big UM estate written in bulk,
// sipp processes without message tracing (tracing costs sipp more than the worker), the real
// worker process, and figures (percentiles, min/median/max).
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import type { PrismaClient } from "../lib/generated/sqlite/client";
import { freePort, makeTempDatabase, openTestDb, spawnWorker, startWorker, type WorkerProcess } from "../tests/integration/fixtures";
import { PROJECT_ROOT, track, waitFor, type ChildHandle } from "../tests/support/processes";
import { buildWebServer } from "../scripts/build-web-server";
import { buildWorker, WORKER_NODE_FLAGS } from "../scripts/build-worker";

export { freePort, startWorker, waitFor, PROJECT_ROOT, type WorkerProcess };

export interface BenchDb {
  dir: string;
  url: string;
  db: PrismaClient;
  cleanup: () => Promise<void>;
}

/** A migrated temp database; sets DATABASE_URL so lib/ imported after this uses it. */
export async function benchDb(prefix: string): Promise<BenchDb> {
  const tmp = makeTempDatabase(prefix);
  process.env.DATABASE_URL = tmp.url;
  const { migrate } = await import("../lib/data/migrate");
  await migrate({ quiet: true });
  const db = openTestDb(tmp.url);
  files.set(db, tmp.url.replace(/^file:/, ""));
  return {
    ...tmp, db,
    cleanup: async () => {
      await db.$disconnect();
      await (await import("../lib/data/db-lifecycle")).disconnectDatabase().catch(() => undefined);
      fs.rmSync(tmp.dir, { recursive: true, force: true });
    },
  };
}

const files = new WeakMap<PrismaClient, string>();
function dbFile(db: PrismaClient): string {
  const f = files.get(db);
  if (!f) throw new Error("not a bench database");
  return f;
}

export interface Estate {
  dialPlanId: string;
  policyId: string;
  gatewayId: string;
  mailboxes: { id: string; alias: string; extension: string }[];
}

/**
 * One 6-digit TelExtn dial plan with one gateway and `n` UM-enabled mailboxes (extension 100000+i),
 * each with an MwiState whose refresh time is spread over the next 12 h (as a running estate has).
 */
export async function seedEstate(db: PrismaClient, n: number, gatewayPort: number): Promise<Estate> {
  const plan = await db.umDialPlan.create({ data: { name: "Bench DP", numberOfDigitsInExtension: 6, countryOrRegionCode: "1" } });
  const policy = await db.umMailboxPolicy.create({ data: { name: "Bench Policy", dialPlanId: plan.id } });
  const gw = await db.umIpGateway.create({ data: { name: "Bench PBX", address: "127.0.0.1", port: gatewayPort } });
  await db.umIpGatewayDialPlan.create({ data: { gatewayId: gw.id, dialPlanId: plan.id, gatewayOrder: 0, dialPlanOrder: 0 } });
  // Raw batched inserts in one transaction (Prisma's createMany costs a round trip per row here),
  // in the text formats Prisma itself writes (see lib/data/bulk-sql.ts).
  const { newRowId, sqlDate } = await import("../lib/data/bulk-sql");
  const raw = new Database(dbFile(db));
  const now = Date.now();
  const at = sqlDate(new Date(now));
  const insMailbox = raw.prepare(`INSERT INTO "UmMailbox" ("id", "displayName", "alias", "email", "umEnabled", "umMailboxPolicyId",
    "dialPlanId", "extension", "extraExtensions", "umSmsNotificationOption", "createdAt", "updatedAt") VALUES (?,?,?,?,1,?,?,?,'[]','None',?,?)`);
  const insState = raw.prepare(`INSERT INTO "MwiState" ("mailboxId", "nextRefreshAt", "updatedAt") VALUES (?,?,?)`);
  const mailboxes: Estate["mailboxes"] = [];
  raw.transaction(() => {
    for (let x = 0; x < n; x++) {
      const m = { id: newRowId(), alias: `u${x}`, extension: String(100000 + x) };
      insMailbox.run(m.id, `User ${x}`, m.alias, `u${x}@contoso.com`, policy.id, plan.id, m.extension, at, at);
      insState.run(m.id, sqlDate(new Date(now + Math.random() * 12 * 3600_000)), at);
      mailboxes.push(m);
    }
  })();
  raw.close();
  return { dialPlanId: plan.id, policyId: policy.id, gatewayId: gw.id, mailboxes };
}

export interface SippProcess extends ChildHandle {
  port: number;
  done: Promise<number | null>;
}

function canConnect(port: number): Promise<boolean> {
  return import("node:net").then((net) => new Promise((resolve) => {
    const s = net.connect({ host: "127.0.0.1", port }, () => { s.destroy(); resolve(true); });
    s.on("error", () => resolve(false));
  }));
}

/** A sipp UAS answering 200 to NOTIFYs, without -trace_msg unless asked for. */
export async function sippUas(port: number, opts: { traceFile?: string } = {}): Promise<SippProcess> {
  const args = [
    "-sf", path.join(PROJECT_ROOT, "tests/sipp/pbx-uas-200.xml"), "-t", "t1", "-i", "127.0.0.1", "-p", String(port),
    "-m", "10000000", "-deadcall_wait", "0", "-nostdin", "-max_socket", "2000",
    ...(opts.traceFile ? ["-trace_msg", "-message_file", opts.traceFile] : []),
  ];
  const child = spawn("/usr/bin/sipp", args, { stdio: ["ignore", "pipe", "pipe"] });
  const h = track(child);
  const done = new Promise<number | null>((r) => child.once("exit", (c) => r(c)));
  await waitFor(`sipp UAS on ${port}`, async () => {
    if (child.exitCode !== null) throw new Error(`sipp exited: ${h.output().slice(-1000)}`);
    return canConnect(port);
  }, 10_000, 50);
  return { ...h, port, done };
}

/** sipp's own UAC→UAS NOTIFY rate: `count` NOTIFYs, `window` outstanding, over one TCP connection. */
export async function sippCeiling(count: number, window = 1000): Promise<{ perSec: number; ms: number }> {
  const [uasPort, uacPort] = [await freePort(), await freePort()];
  const uas = await sippUas(uasPort);
  try {
    const started = performance.now();
    const uac = spawn("/usr/bin/sipp", [
      "-sf", path.join(PROJECT_ROOT, "bench/sipp/uac-notify.xml"), "-t", "t1", "-i", "127.0.0.1", "-p", String(uacPort),
      "-r", "1000000", "-rp", "1000", "-l", String(window), "-m", String(count), "-nostdin", "-timeout", "120s",
      `127.0.0.1:${uasPort}`,
    ], { stdio: ["ignore", "pipe", "pipe"] });
    const h = track(uac);
    const code = await new Promise<number | null>((r) => uac.once("exit", (c) => r(c)));
    const ms = performance.now() - started;
    if (code !== 0) throw new Error(`sipp UAC exited ${code}: ${h.output().slice(-1500)}`);
    return { perSec: count / (ms / 1000), ms };
  } finally {
    await uas.stop();
  }
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

export function minMedMax(xs: number[], digits = 1): string {
  const s = [...xs].sort((a, b) => a - b);
  const f = (x: number) => x.toFixed(digits);
  return s.length === 1 ? f(s[0]) : `min ${f(s[0])} / median ${f(s[Math.floor(s.length / 2)])} / max ${f(s[s.length - 1])}`;
}

export function runsFromArgs(fallback: number): number {
  const i = process.argv.indexOf("--runs");
  const n = i >= 0 ? Number(process.argv[i + 1]) : Number(process.env.BENCH_RUNS ?? fallback);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

/**
 * Extra node flags for the worker under test, e.g. BENCH_WORKER_NODE_ARGS="--cpu-prof
 * --cpu-prof-dir=/tmp/prof" to profile it during a bench (space-separated).
 */
/** Node flags for the bench's web server (BENCH_WEB_NODE_ARGS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/p"). */
export function webNodeArgs(): string[] {
  return (process.env.BENCH_WEB_NODE_ARGS ?? "").split(/\s+/).filter(Boolean);
}

export interface WebProcess {
  handle: ChildHandle;
  /** http://127.0.0.1:PORT */
  origin: string;
}

/**
 * The web server as `npm start` runs it (scripts/start.ts: Next.js behind the fast API routes,
 * from its bundle), on loopback; resolves once GET /api/v1/me answers. Needs `next build` first.
 */
export async function startShippedWeb(env: Record<string, string>, token: string): Promise<WebProcess> {
  const port = await freePort();
  const bundle = await buildWebServer(PROJECT_ROOT);
  const child = spawn(process.execPath, [...webNodeArgs(), bundle, "-p", String(port), "-H", "127.0.0.1"], {
    cwd: PROJECT_ROOT, stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, ...env, LAMPLIGHTER_ADMIN_TOKEN: token, NEXT_TELEMETRY_DISABLED: "1", PORT: String(port) },
  });
  const handle = track(child);
  const origin = `http://127.0.0.1:${port}`;
  await waitFor("web server", async () => {
    if (child.exitCode !== null) throw new Error(`the web server exited: ${handle.output().slice(-1500)}`);
    return fetch(`${origin}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.ok, () => false);
  }, 60_000, 200);
  return { handle, origin };
}

export function workerNodeArgs(): string[] {
  return (process.env.BENCH_WORKER_NODE_ARGS ?? "").split(/\s+/).filter(Boolean);
}

/**
 * The worker as `npm start` runs it (scripts/start.ts): the bundle on plain Node, not the sources
 * under tsx as the tests start it. Same environment rules as the tests' startWorker.
 */
export async function startShippedWorker(
  env: Record<string, string>, sipPort: number, httpPort: number, nodeArgs: string[] = workerNodeArgs(),
): Promise<WorkerProcess> {
  const bundle = await buildWorker(PROJECT_ROOT);
  return spawnWorker([...WORKER_NODE_FLAGS, ...nodeArgs, bundle], env, sipPort, httpPort);
}

export const BENCH_ADMIN = { userId: null, name: "bench", role: "admin" as const, via: "env-token" as const };
