// Bundles the sip-worker into one ES module for `npm start`, so the long-running worker runs on
// plain Node instead of under the tsx loader: the loader's hooks thread and transform cache cost
// the worker ~35 MB of resident memory (bench/worker-rss.ts), for code that never changes while
// it runs. Our TypeScript (sip-worker/, lib/, the generated Prisma client) goes into the bundle;
// packages stay in node_modules and are imported from there at run time.
//
// esbuild builds it in well under a second, so start.ts simply rebuilds it on every start: the
// bundle can never be older than the sources. Development and the tests still run the sources
// with tsx (`npm run worker`, tests/support).
//   npx tsx scripts/build-worker.ts   → prints the bundle's path
import path from "node:path";
import { build } from "esbuild";

/**
 * How the bundle is run. A young generation of at most 2 × 4 MB semi-spaces instead of V8's
 * 2 × 16 MB: the worker's garbage is short-lived (a message, a batch of rows), and the default
 * keeps ~25 MB more resident for no measurable gain (bench/resync-throughput.ts). Source maps are
 * not loaded (they cost memory; stacks still name the bundle's functions, and the linked map is
 * there for `node --enable-source-maps` when debugging).
 */
export const WORKER_NODE_FLAGS: readonly string[] = ["--max-semi-space-size=4"];

/** Under node_modules/.cache: ignored by git, and packages resolve from there as from the root. */
export const WORKER_BUNDLE = path.join("node_modules", ".cache", "lamplighter", "sip-worker.mjs");

export async function buildWorker(root = process.cwd()): Promise<string> {
  return bundleEntry(root, "sip-worker/main.ts", WORKER_BUNDLE);
}

/** One entry point and the TypeScript it imports, as one ES module; packages stay external. */
export async function bundleEntry(root: string, entry: string, bundlePath: string): Promise<string> {
  const outfile = path.join(root, bundlePath);
  await build({
    absWorkingDir: root,
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    sourcemap: "linked",
    logLevel: "warning",
  });
  return outfile;
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(await buildWorker());
