// Latency from a voice-mail platform's API call to the NOTIFY arriving at the PBX: 200 posts of a
// new voice message per second for 30 s (each to its own mailbox, so every post has exactly one
// NOTIFY to wait for), through the HTTP API of a started web server when the app is built (`npx
// next build`), otherwise through the same service in-process. The worker delivers to a sipp PBX
// whose -trace_msg timestamps mark the arrival. Same-run baselines: a plain GET /api/v1/me, and a
// raw NOTIFY round trip to the same sipp; on a shared, noisy machine compare the latency to them
// (the ratios), not across runs. Three runs by default; the summary gives min / median / max.
// Prints figures; asserts nothing.
// BENCH_WEB_NODE_ARGS passes Node flags to the web server (e.g. "--cpu-prof --cpu-prof-dir=/tmp/p").
// --timeline prints, per second of a run, the latency of the posts sent in it.
//   npx tsx bench/notify-latency.ts [--runs 3] [--rate 200] [--seconds 30] [--timeline]
import fs from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { parseSippTrace, track } from "../tests/support/processes";
import { BENCH_ADMIN, benchDb, freePort, minMedMax, percentile, PROJECT_ROOT, runsFromArgs, seedEstate, sippUas, startShippedWeb, startShippedWorker, waitFor } from "./support";

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}
const RATE = arg("--rate", 200);
const SECONDS = arg("--seconds", 30);
const TIMELINE = process.argv.includes("--timeline");
const RUNS = runsFromArgs(3);
const TOKEN = "bench-admin-token-not-secret";
const POSTS = RATE * SECONDS;

const bench = await benchDb("lamplighter-bench-latency-");
const pbxPort = await freePort();
const estate = await seedEstate(bench.db, POSTS * RUNS, pbxPort);
const trace = path.join(bench.dir, "sipp-trace.log");
const pbx = await sippUas(pbxPort, { traceFile: trace });
const [sip, http] = [await freePort(), await freePort()];
// The worker as `npm start` runs it (its bundle on plain Node).
const worker = await startShippedWorker({
  DATABASE_URL: bench.url, LOG_LEVEL: "warn", SIP_UDP_PORT: String(sip),
  MWI_GATEWAY_RATE_PER_SEC: "1000", // above the offered rate (the default cap is 50/s per gateway)
}, sip, http);

const useHttp = fs.existsSync(path.join(PROJECT_ROOT, ".next", "BUILD_ID")) && !process.argv.includes("--in-process");
let web: ReturnType<typeof track> | undefined;
let post: (alias: string) => Promise<void>;
let baselineCall: () => Promise<void>;
if (useHttp) {
  const started = await startShippedWeb({ DATABASE_URL: bench.url }, TOKEN);
  web = started.handle;
  const base = `${started.origin}/api/v1`;
  const headers = { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" };
  post = async (alias) => {
    const r = await fetch(`${base}/mailboxes/${alias}/voice-messages`, {
      method: "POST", headers, body: JSON.stringify({ callerId: "+14255550100", durationSeconds: 12, preview: "bench" }),
    });
    if (r.status !== 201) throw new Error(`POST ${r.status}: ${await r.text()}`);
  };
  baselineCall = async () => { const r = await fetch(`${base}/me`, { headers }); await r.arrayBuffer(); };
  // Warm up the routes (first requests compile and load modules).
  for (let i = 0; i < 20; i++) await baselineCall();
  await post(estate.mailboxes[estate.mailboxes.length - 1].alias);
} else {
  const { postVoiceMessage } = await import("../lib/services/voice-messages");
  const { getMailbox } = await import("../lib/services/mailboxes");
  post = async (alias) => { await postVoiceMessage(alias, { callerId: "+14255550100", durationSeconds: 12, preview: "bench" }, BENCH_ADMIN); };
  baselineCall = async () => { await getMailbox(estate.mailboxes[0].alias, BENCH_ADMIN); };
  await post(estate.mailboxes[estate.mailboxes.length - 1].alias);
}
console.log(`mode: ${useHttp ? "HTTP API (the web server as npm start runs it)" : "in-process service (no .next build found)"}; ${RATE} posts/s for ${SECONDS} s per run`);

/** Raw NOTIFY round trip from this process to the same sipp: the SIP floor on this machine. */
async function rawNotifyRtts(n: number): Promise<number[]> {
  const { SipTcpClient } = await import("../sip-worker/transports/tcp");
  const { buildMwiNotify } = await import("../sip-worker/sip/build-notify");
  const client = new SipTcpClient({ transactionTimeoutMs: 5_000 });
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const n1 = buildMwiNotify({
      target: { user: "999999", host: "127.0.0.1", port: pbxPort, transport: "TCP", userPhone: false },
      counts: { messagesWaiting: true, newCount: 1, oldCount: 0, newUrgentCount: 0, oldUrgentCount: 0 },
      sipDomain: "um.contoso.com", local: { host: "127.0.0.1", port: 5999 },
    });
    const t = performance.now();
    await client.send({ host: "127.0.0.1", port: pbxPort, wire: n1.wire, branch: n1.branch, method: "NOTIFY" });
    out.push(performance.now() - t);
  }
  await client.close();
  return out;
}

const p50s: number[] = [], p99s: number[] = [], baseP50s: number[] = [], baseP99s: number[] = [], rawP50s: number[] = [];
try {
  for (let run = 0; run < RUNS; run++) {
    const base: number[] = [];
    for (let i = 0; i < 200; i++) {
      const t = performance.now();
      await baselineCall();
      base.push(performance.now() - t);
      await new Promise((r) => setTimeout(r, 5));
    }
    const raw = await rawNotifyRtts(200);

    const targets = estate.mailboxes.slice(run * POSTS, (run + 1) * POSTS);
    const postedAt = new Map<string, number>();
    const answeredIn = new Map<string, number>();
    const ok = new Set<string>();
    const errors: string[] = [];
    const inFlight: Promise<void>[] = [];
    const start = performance.now();
    const startWall = Date.now();
    for (let i = 0; i < POSTS; i++) {
      // Open loop: post i leaves at start + i/RATE whatever the server's speed.
      const due = start + (i * 1000) / RATE;
      const wait = due - performance.now();
      if (wait > 1) await new Promise((r) => setTimeout(r, wait));
      const m = targets[i];
      postedAt.set(m.extension, Date.now());
      const t0 = performance.now();
      inFlight.push(post(m.alias).then(() => { ok.add(m.extension); answeredIn.set(m.extension, performance.now() - t0); },
        (e) => { errors.push(String((e as Error).cause ?? e)); }));
    }
    await Promise.all(inFlight);
    const sentFor = performance.now() - start;
    // Wait for the NOTIFY of every accepted post; give up once nothing new arrived for 20 s.
    let seen = -1, still = 0;
    await waitFor("all NOTIFYs", () => {
      const got = new Set(parseSippTrace(fs.readFileSync(trace)).filter((m) => m.receivedAt >= startWall - 1000)
        .map((m) => /^NOTIFY sip:(\d+)@/.exec(m.text)?.[1]));
      const n = [...ok].filter((e) => got.has(e)).length;
      still = n === seen ? still + 1 : 0;
      seen = n;
      return n === ok.size || still >= 20;
    }, 600_000, 1_000);
    const drainedAfter = performance.now() - start;
    const arrivals = new Map<string, number>();
    for (const m of parseSippTrace(fs.readFileSync(trace))) {
      const ext = /^NOTIFY sip:(\d+)@/.exec(m.text)?.[1];
      if (ext && ok.has(ext) && !arrivals.has(ext) && m.text.includes("Messages-Waiting: yes")) arrivals.set(ext, m.receivedAt);
    }
    const lat = [...arrivals].map(([ext, at]) => at - postedAt.get(ext)!).sort((a, b) => a - b);
    if (TIMELINE) {
      // Per second of the run: how the posts sent in it fared (where a backlog starts and ends).
      const bySecond = new Map<number, { lat: number[]; answer: number[] }>();
      for (const [ext, sent] of postedAt) {
        const sec = Math.floor((sent - startWall) / 1000);
        const slot = bySecond.get(sec) ?? { lat: [], answer: [] };
        const at = arrivals.get(ext);
        if (at !== undefined) slot.lat.push(at - sent);
        const answered = answeredIn.get(ext);
        if (answered !== undefined) slot.answer.push(answered);
        bySecond.set(sec, slot);
      }
      for (const [sec, slot] of [...bySecond].sort((a, b) => a[0] - b[0])) {
        const l = slot.lat.sort((a, b) => a - b), a = slot.answer.sort((x, y) => x - y);
        console.log(`  second ${String(sec).padStart(2)}: ${l.length} NOTIFYs p50 ${percentile(l, 50)} ms max ${l.at(-1)} ms; POST answered p50 ${percentile(a, 50).toFixed(0)} ms max ${a.at(-1)?.toFixed(0)} ms`);
      }
    }
    const b = base.sort((a, c) => a - c), r = raw.sort((a, c) => a - c);
    p50s.push(percentile(lat, 50)); p99s.push(percentile(lat, 99)); baseP50s.push(percentile(b, 50)); baseP99s.push(percentile(b, 99));
    rawP50s.push(percentile(r, 50));
    const kinds = new Map<string, number>();
    for (const e of errors) kinds.set(e.slice(0, 80), (kinds.get(e.slice(0, 80)) ?? 0) + 1);
    console.log(`run ${run + 1}: ${POSTS} posts offered at ${RATE}/s, answered within ${(sentFor / 1000).toFixed(1)} s: ${ok.size} accepted (201), ` +
      `${errors.length} failed ${JSON.stringify(Object.fromEntries(kinds))}; ` +
      `${arrivals.size}/${POSTS} NOTIFYs arrived, the last ${(drainedAfter / 1000).toFixed(1)} s after the first post; ` +
      `post → NOTIFY at sipp p50 ${percentile(lat, 50)} ms, p99 ${percentile(lat, 99)} ms, max ${lat.at(-1)} ms; ` +
      `baseline ${useHttp ? "GET /api/v1/me" : "getMailbox()"} p50 ${percentile(b, 50).toFixed(1)} ms p99 ${percentile(b, 99).toFixed(1)} ms ` +
      `(post → NOTIFY p50 ${(percentile(lat, 50) / percentile(b, 50)).toFixed(1)} × its p50, p99 ${(percentile(lat, 99) / percentile(b, 99)).toFixed(1)} × its p99); ` +
      `raw NOTIFY RTT p50 ${percentile(r, 50).toFixed(2)} ms p99 ${percentile(r, 99).toFixed(2)} ms`);
  }
  const ratio = (xs: number[], base: number[]) => xs.map((x, i) => x / base[i]);
  console.log(`\nvoice message → NOTIFY latency, ${RUNS} run${RUNS > 1 ? "s" : ""} (min / median / max):`);
  console.log(`  p50                 ${minMedMax(p50s, 0)} ms (target ≤ 50 ms)`);
  console.log(`  p99                 ${minMedMax(p99s, 0)} ms (target ≤ 250 ms)`);
  console.log(`  baseline call p50   ${minMedMax(baseP50s, 1)} ms → p50 is ${minMedMax(ratio(p50s, baseP50s), 1)} × the baseline's p50`);
  console.log(`  baseline call p99   ${minMedMax(baseP99s, 1)} ms → p99 is ${minMedMax(ratio(p99s, baseP99s), 1)} × the baseline's p99`);
  console.log(`  raw NOTIFY RTT p50  ${minMedMax(rawP50s, 2)} ms → p50 is ${minMedMax(ratio(p50s, rawP50s), 1)} × the raw RTT`);
} finally {
  await Promise.allSettled([web?.stop(), worker.stop(), pbx.stop()]);
  await bench.cleanup();
}
