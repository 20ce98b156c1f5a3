// Bundles the web process's entry (web-server/main.ts: Next.js behind the fast API routes) into
// one ES module for `npm start`, as build-worker.ts does for the sip-worker and for the same
// reasons: plain Node at run time, rebuilt on every start in well under a second.
//   npx tsx scripts/build-web-server.ts   → prints the bundle's path
import path from "node:path";
import { bundleEntry } from "./build-worker";

export const WEB_SERVER_BUNDLE = path.join("node_modules", ".cache", "lamplighter", "web-server.mjs");

export function buildWebServer(root = process.cwd()): Promise<string> {
  return bundleEntry(root, "web-server/main.ts", WEB_SERVER_BUNDLE);
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(await buildWebServer());
