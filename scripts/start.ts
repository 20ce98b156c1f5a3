// `npm start`: apply migrations, seed an empty database with the demo estate, build the web app if
// it has not been built, then run web (Next.js, web-server/main.ts) and sip-worker side by side
// until one stops.
import fs from "node:fs";
import path from "node:path";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { migrate } from "../lib/data/migrate";
import { env } from "../lib/env";
import { seedIfEmpty } from "../prisma/seed";
import { buildWebServer } from "./build-web-server";
import { buildWorker, WORKER_NODE_FLAGS } from "./build-worker";

const webOnly = process.argv.includes("--web-only");
const root = process.cwd();
const childEnv = { ...process.env, DATABASE_URL: env.databaseUrl, NEXT_TELEMETRY_DISABLED: "1" };

const applied = await migrate();
if (applied.applied.length) console.log(`migrations applied: ${applied.applied.join(", ")}`);
if (process.env.LAMPLIGHTER_SEED !== "0") await seedIfEmpty();

if (!fs.existsSync(path.join(root, ".next", "BUILD_ID")) || process.env.LAMPLIGHTER_BUILD === "always") {
  console.log("building the web app (first start only)…");
  const r = spawnSync(process.execPath, ["node_modules/next/dist/bin/next", "build"], { stdio: "inherit", env: childEnv });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const children: ChildProcess[] = [];
function run(name: string, args: string[]) {
  const c = spawn(process.execPath, args, { stdio: "inherit", env: childEnv });
  c.on("exit", (code, signal) => {
    if (stopping) return;
    console.error(`${name} exited (${signal ?? code}); stopping Lamplighter`);
    stop(code ?? 1);
  });
  children.push(c);
}

let stopping = false;
function stop(code: number) {
  stopping = true;
  for (const c of children) if (c.exitCode === null) c.kill("SIGTERM");
  setTimeout(() => process.exit(code), 10_000).unref();
  Promise.all(children.map((c) => c.exitCode !== null ? null : new Promise((r) => c.once("exit", r)))).then(() => process.exit(code));
}
process.on("SIGINT", () => stop(0));
process.on("SIGTERM", () => stop(0));

// Both run from bundles on plain Node, rebuilt from the sources on every start: the web is Next.js
// behind the fast API routes (web-server/main.ts), the worker saves ~35 MB against tsx
// (build-worker.ts).
run("web", [await buildWebServer(root), "-p", String(env.webPort)]);
if (!webOnly) run("sip-worker", [...WORKER_NODE_FLAGS, await buildWorker(root)]);
console.log(`Lamplighter: EAC http://localhost:${env.webPort}/eac · OWA http://localhost:${env.webPort}/owa`);
