// The web process of `npm start`: Next.js (App Router) serves the EAC, OWA and the REST API, as
// `next start` would, behind a plain Node HTTP server that answers the voice-mail platforms'
// per-call API requests itself (fast-routes.ts: the same route handlers, without Next's router).
// This is Next's documented custom-server setup; `next dev` still serves everything itself.
//   node <bundle> [-p PORT] [-H HOSTNAME]      (scripts/start.ts builds and runs the bundle)
import http from "node:http";
import next from "next";
import { env } from "../lib/env";
import { serveFastRoute } from "./fast-routes";

function arg(names: string[]): string | undefined {
  const i = process.argv.findIndex((a) => names.includes(a));
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const port = Number(arg(["-p", "--port"]) ?? env.webPort);
const hostname = arg(["-H", "--hostname"]);

const app = next({ dev: false, dir: process.cwd(), hostname: hostname ?? "localhost", port });
const handle = app.getRequestHandler();
await app.prepare();

const server = http.createServer((req, res) => {
  if (serveFastRoute(req, res)) return;
  void handle(req, res);
});
// Like `next start`: keep idle connections a little longer than common proxies and clients do.
server.keepAliveTimeout = 75_000;
server.listen(port, hostname, () => {
  console.log(`▲ Lamplighter web on http://${hostname ?? "localhost"}:${port}`);
});

let stopping = false;
function stop() {
  if (stopping) return;
  stopping = true;
  server.close(() => process.exit(0));
  server.closeIdleConnections();
  // Requests still running get a moment; then the process goes anyway.
  setTimeout(() => process.exit(0), 5_000).unref();
}
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
