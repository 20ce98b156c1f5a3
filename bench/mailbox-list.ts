// EAC mailbox list at 100,000 UM mailboxes, through the real HTTP API (as `npm start` runs it, built first
// with `npm run build`): first page, a deep page, a search by extension and by name, each against
// the same run's baseline — an authenticated API call that touches one row (GET /api/v1/me).
// Prints median and p95; asserts nothing.
//   npx tsx bench/mailbox-list.ts [--mailboxes 100000] [--samples 200]
import fs from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { benchDb, PROJECT_ROOT, percentile, seedEstate, startShippedWeb } from "./support";

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const N = arg("--mailboxes", 100_000);
const SAMPLES = arg("--samples", 200);
const TOKEN = "bench-admin-token";

if (!fs.existsSync(path.join(PROJECT_ROOT, ".next", "BUILD_ID"))) {
  console.error("build the web app first: npm run build");
  process.exit(1);
}

const bench = await benchDb("lamplighter-bench-list-");
const t0 = performance.now();
await seedEstate(bench.db, N, 5060);
console.log(`seeded ${N} UM mailboxes in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

const web = await startShippedWeb({ DATABASE_URL: bench.url, LAMPLIGHTER_DATA_DIR: bench.dir }, TOKEN);
const base = `${web.origin}/api/v1`;
const get = async (p: string) => {
  const res = await fetch(base + p, { headers: { authorization: `Bearer ${TOKEN}` } });
  if (!res.ok) throw new Error(`${p}: ${res.status} ${await res.text()}`);
  return res.json() as Promise<{ total?: number; items?: unknown[] }>;
};

try {
  const cases: [string, (i: number) => string][] = [
    ["baseline: GET /me", () => "/me"],
    ["first page (50, by name)", () => "/mailboxes?page=1&pageSize=50"],
    ["page 1,000 of 2,000", () => "/mailboxes?page=1000&pageSize=50"],
    ["search by extension (prefix)", (i) => `/mailboxes?q=${150000 + (i * 37) % 40000}&pageSize=50`],
    ["search by name", (i) => `/mailboxes?q=${encodeURIComponent(`User ${(i * 7919) % N}`)}&pageSize=50`],
  ];
  // Warm up every route once (Next compiles route modules lazily on first hit).
  for (const [, url] of cases) await get(url(0));
  const results: { name: string; p50: number; p95: number }[] = [];
  for (const [name, url] of cases) {
    const times: number[] = [];
    for (let i = 0; i < SAMPLES; i++) {
      const s = performance.now();
      await get(url(i));
      times.push(performance.now() - s);
    }
    times.sort((a, b) => a - b);
    results.push({ name, p50: percentile(times, 50), p95: percentile(times, 95) });
  }
  const check = await get(`/mailboxes?q=150123&pageSize=50`);
  console.log(`search "150123" → ${check.total} match(es); ${SAMPLES} sequential samples per case, ${N} mailboxes`);
  const baseline = results[0];
  console.log("case".padEnd(32), "median ms".padStart(10), "p95 ms".padStart(10), "median × baseline".padStart(18));
  for (const r of results) {
    console.log(r.name.padEnd(32), r.p50.toFixed(1).padStart(10), r.p95.toFixed(1).padStart(10), (r.p50 / baseline.p50).toFixed(1).padStart(18));
  }
} finally {
  await web.handle.stop();
  await bench.cleanup();
}
