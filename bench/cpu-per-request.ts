// The CPU budget behind the latency target (bench/notify-latency.ts): CPU time per request of the
// web server (as `npm start` runs it: Next.js behind the fast API routes) and per NOTIFY of the sip-worker, read from /proc for each process,
// for a plain GET /api/v1/me (the env admin token: no database — Next's own cost per request) and
// for POST …/voice-messages (one lamp change each, delivered by the worker to a sipp PBX). Then
// what 200 posts/s would cost in cores. Requests go at a fixed concurrency, not a fixed rate, so
// the figures hold even where the rate cannot. Prints figures; asserts nothing.
// BENCH_WEB_NODE_ARGS / BENCH_WORKER_NODE_ARGS pass Node flags to the web server / the worker.
//   npx tsx bench/cpu-per-request.ts [--requests 3000] [--concurrency 8]
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { benchDb, freePort, PROJECT_ROOT, seedEstate, sippUas, startShippedWeb, startShippedWorker, waitFor } from "./support";

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}
const REQUESTS = arg("--requests", 3000);
const CONCURRENCY = arg("--concurrency", 8);
const TOKEN = "bench-admin-token-not-secret";

/** utime + stime of a process, in ms (/proc counts clock ticks: USER_HZ, 100 on Linux). */
function cpuMs(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

if (!fs.existsSync(path.join(PROJECT_ROOT, ".next", "BUILD_ID"))) {
  console.error("needs a built app: run `npx next build` first");
  process.exit(1);
}

const bench = await benchDb("lamplighter-bench-cpu-");
const pbxPort = await freePort();
const estate = await seedEstate(bench.db, REQUESTS + 100, pbxPort);
const pbx = await sippUas(pbxPort);
const [sip, http] = [await freePort(), await freePort()];
const worker = await startShippedWorker({ DATABASE_URL: bench.url, LOG_LEVEL: "warn", SIP_UDP_PORT: String(sip), MWI_GATEWAY_RATE_PER_SEC: "0" }, sip, http);
const started = await startShippedWeb({ DATABASE_URL: bench.url }, TOKEN);
const web = started.handle;
const base = `${started.origin}/api/v1`;
const headers = { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" };

async function notifiesOk(): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${worker.httpPort}/metrics`)).text();
  let n = 0;
  for (const m of text.matchAll(/^lamplighter_mwi_notifies_total\{[^}]*result="ok"[^}]*\} (\d+)/gm)) n += Number(m[1]);
  return n;
}

/** Runs `count` calls at CONCURRENCY; returns wall ms. */
async function drive(count: number, call: (i: number) => Promise<void>): Promise<number> {
  let next = 0;
  const t = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    for (let i = next++; i < count; i = next++) await call(i);
  }));
  return performance.now() - t;
}

try {
  const me = async () => { const r = await fetch(`${base}/me`, { headers }); if (!r.ok) throw new Error(`GET /me ${r.status}`); await r.arrayBuffer(); };
  const post = async (i: number) => {
    const r = await fetch(`${base}/mailboxes/${estate.mailboxes[i].alias}/voice-messages`, {
      method: "POST", headers, body: JSON.stringify({ callerId: "+14255550100", durationSeconds: 12, preview: "bench" }),
    });
    if (r.status !== 201) throw new Error(`POST ${r.status}: ${await r.text()}`);
  };
  // Warm-up: routes compile and load on first use.
  await drive(200, me);
  for (let i = REQUESTS; i < REQUESTS + 50; i++) await post(i);
  await waitFor("warm-up NOTIFYs", async () => (await notifiesOk()) >= 50, 30_000, 100);

  const web0 = cpuMs(web.child.pid!);
  const meWall = await drive(REQUESTS, me);
  const meCpu = (cpuMs(web.child.pid!) - web0) / REQUESTS;

  const [w1, k1, n1] = [cpuMs(web.child.pid!), cpuMs(worker.child.pid!), await notifiesOk()];
  const postWall = await drive(REQUESTS, post);
  await waitFor("every NOTIFY", async () => (await notifiesOk()) - n1 >= REQUESTS, 120_000, 100);
  const postCpu = (cpuMs(web.child.pid!) - w1) / REQUESTS;
  const notifyCpu = (cpuMs(worker.child.pid!) - k1) / REQUESTS;

  console.log(`${REQUESTS} calls each at concurrency ${CONCURRENCY}, on ${os.availableParallelism()} cores:`);
  console.log(`  GET /api/v1/me (no database)     web ${meCpu.toFixed(2)} ms CPU per call; ${(REQUESTS / (meWall / 1000)).toFixed(0)} calls/s`);
  console.log(`  POST …/voice-messages            web ${postCpu.toFixed(2)} ms CPU per call (${(postCpu / meCpu).toFixed(1)} × GET /me); ${(REQUESTS / (postWall / 1000)).toFixed(0)} calls/s`);
  console.log(`  its lamp change → NOTIFY          worker ${notifyCpu.toFixed(2)} ms CPU per NOTIFY`);
  const cores = (200 * (postCpu + notifyCpu)) / 1000;
  console.log(`  at 200 posts/s: web ${(200 * postCpu / 1000).toFixed(2)} + worker ${(200 * notifyCpu / 1000).toFixed(2)} = ${cores.toFixed(2)} cores, before sipp and the load generator`);
} finally {
  await web.stop();
  await worker.stop();
  await pbx.stop();
  await bench.cleanup();
}
