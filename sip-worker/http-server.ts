// The worker's small HTTP side: /healthz for orchestrators and the web's health page, /metrics
// for Prometheus. Nothing else is served; no request body is ever read.
import http from "node:http";
import type { Logger } from "pino";
import type { WorkerMetrics } from "./metrics";

interface TransportHealth {
  ok: boolean;
  listening: string | null;
  note?: string;
}

export interface WorkerHealth {
  ok: boolean;
  db: { ok: boolean };
  /** Per transport; a TLS listener without a certificate is "ok" with a note saying so. */
  sip: { tcp: TransportHealth; udp?: TransportHealth; tls?: TransportHealth };
  subscriptions?: { running: boolean };
  outbox: { running: boolean; inFlight: number };
}

export interface WorkerHttpServerOptions {
  host: string;
  port: number;
  metrics: WorkerMetrics;
  health: () => Promise<WorkerHealth>;
  logger: Logger;
}

function send(res: http.ServerResponse, status: number, contentType: string, body: string): void {
  res.writeHead(status, { "Content-Type": contentType, "Cache-Control": "no-store", "Content-Length": Buffer.byteLength(body) });
  res.end(body);
}

async function route(req: http.IncomingMessage, res: http.ServerResponse, opts: WorkerHttpServerOptions): Promise<void> {
  const path = new URL(req.url ?? "/", "http://worker").pathname;
  if (path !== "/healthz" && path !== "/metrics") return send(res, 404, "application/json", '{"error":"not found"}');
  if (req.method !== "GET" && req.method !== "HEAD") {
    res.setHeader("Allow", "GET, HEAD");
    return send(res, 405, "application/json", '{"error":"method not allowed"}');
  }
  if (path === "/healthz") {
    const health = await opts.health();
    return send(res, health.ok ? 200 : 503, "application/json", JSON.stringify(health));
  }
  return send(res, 200, opts.metrics.registry.contentType, await opts.metrics.registry.metrics());
}

export function startWorkerHttpServer(opts: WorkerHttpServerOptions): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    route(req, res, opts).catch((err) => {
      opts.logger.error({ err, url: req.url }, "worker HTTP request failed");
      if (!res.headersSent) send(res, 500, "application/json", '{"error":"internal error"}');
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 5_000;
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port, opts.host, () => {
      server.off("error", reject);
      resolve(server);
    });
  });
}

export function closeHttpServer(server: http.Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
