// Helper threads for a big resync with no rate cap. The worker's main thread is busy with one
// core's worth of work during "resync everyone" (SQLite, building NOTIFYs, reading 200 OKs), while
// the machine usually has more. A helper thread is a second sender of resync chunks: its own
// database connection and TCP/TLS connections to the PBXs, claiming chunks under the same lease as
// the main thread (chunks are the unit of work, so the two never send the same lamp at once). It
// starts when the main thread claims a chunk, and ends when no chunk is left.
//
// Only uncapped: under MWI_GATEWAY_RATE_PER_SEC the cap, not the CPU, sets the pace, and the cap
// is counted by the main thread's rate limiter alone. Lamps whose NOTIFY fails are handed over as
// outbox rows, which the main thread's full delivery path takes. NOTIFY counts and latencies are
// relayed to the main thread's /metrics.
import { parentPort, Worker } from "node:worker_threads";
import type { Logger } from "pino";
import { disconnectDatabase, prepareDatabase } from "../../lib/data/db-lifecycle";
import { RESYNC_CHUNK_SIZE } from "../../lib/data/mwi-resync";
import { claimResyncChunks } from "../../lib/data/mwi-resync-chunks";
import type { SipTransport } from "../../lib/domain/sip-target";
import { env } from "../../lib/env";
import { logger as rootLogger } from "../logger";
import type { WorkerMetrics } from "../metrics";
import { handleSipRequest } from "../sip/handle-request";
import type { LocalSipAddress } from "../sip/local-address";
import { SipTcpClient } from "../transports/tcp";
import { readTlsCredentials, SipTlsClient } from "../transports/tls";
import { deliverResyncChunk } from "./deliver-resync-chunk";
import { RefreshLoop } from "./refresh-loop";
import type { LampMetrics } from "./send-lamp-states";

/** What the main thread gives a helper (workerData). */
export interface ResyncThreadData {
  role: "resync-sender";
  workerId: string;
  local: Partial<Record<SipTransport, LocalSipAddress>>;
  leaseMs: number;
}

interface Relayed {
  kind: "metrics";
  notifies: [result: string, gateway: string, n: number][];
  resync: number;
  latencies: number[];
}

const RESPAWN_AFTER_ERROR_MS = 60_000;

/** Main thread: starts up to `threads` helpers while chunks are waiting; each ends on its own. */
export class ResyncHelpers {
  private readonly running = new Set<Worker>();
  private stopping = false;
  private started = 0;
  private retryAfter = 0;

  constructor(private readonly opts: {
    threads: number;
    /** The worker's entry module: a helper runs it with workerData.role = "resync-sender". */
    entry: URL;
    data: Omit<ResyncThreadData, "role">;
    metrics: WorkerMetrics;
    logger: Logger;
  }) {}

  /** A chunk was claimed: make sure the helpers run. */
  wake(): void {
    if (Date.now() < this.retryAfter) return;
    let n = this.running.size;
    while (!this.stopping && n++ < this.opts.threads) this.spawn();
  }

  private spawn(): void {
    const data: ResyncThreadData = { ...this.opts.data, role: "resync-sender", workerId: `${this.opts.data.workerId}/t${++this.started}` };
    // The shipped worker is one JavaScript bundle; from sources (tests, `npm run worker`) the
    // thread registers tsx first, as `node --import tsx` does not reach worker threads.
    const w = this.opts.entry.pathname.endsWith(".ts")
      ? new Worker(`import("tsx/esm/api").then((tsx) => { tsx.register(); return import(${JSON.stringify(this.opts.entry.href)}); })`, { eval: true, workerData: data })
      : new Worker(this.opts.entry, { workerData: data });
    this.running.add(w);
    w.on("message", (m: Relayed) => {
      if (m.kind !== "metrics") return;
      for (const [result, gateway, n] of m.notifies) this.opts.metrics.notifies.inc({ result, gateway }, n);
      if (m.resync > 0) this.opts.metrics.refreshNotifies.inc({ source: "resync" }, m.resync);
      for (const s of m.latencies) this.opts.metrics.deliveryLatency.observe(s);
    });
    w.on("error", (err) => this.opts.logger.error({ err }, "resync helper thread failed; its chunks are taken over after their lease"));
    w.once("exit", (code) => {
      this.running.delete(w);
      // A failed helper is not restarted for a while: the main thread sends the resync alone meanwhile.
      if (code !== 0 && !this.stopping) this.retryAfter = Date.now() + RESPAWN_AFTER_ERROR_MS;
    });
  }

  /** Asks the helpers to stop claiming and waits up to `graceMs` for their chunks in flight. */
  async stop(graceMs: number): Promise<void> {
    this.stopping = true;
    const all = [...this.running];
    for (const w of all) w.postMessage("stop");
    await Promise.race([
      Promise.all(all.map((w) => new Promise((r) => w.once("exit", r)))),
      new Promise((r) => setTimeout(r, graceMs)),
    ]);
    await Promise.all([...this.running].map((w) => w.terminate()));
  }
}

/** Counts sent from a helper to the main thread's metrics every RELAY_MS and at its end. */
class MetricsRelay implements LampMetrics {
  private counts = new Map<string, [string, string, number]>();
  private resync = 0;
  private latencies: number[] = [];
  readonly notifies = { inc: (l: { result: string; gateway: string }) => {
    const k = `${l.result}\u0000${l.gateway}`;
    const c = this.counts.get(k) ?? [l.result, l.gateway, 0];
    c[2]++;
    this.counts.set(k, c);
  } };
  readonly refreshNotifies = { inc: () => { this.resync++; } };
  readonly deliveryLatency = { observe: (s: number) => { this.latencies.push(s); } };

  flush(): void {
    if (this.counts.size === 0 && this.resync === 0 && this.latencies.length === 0) return;
    const m: Relayed = { kind: "metrics", notifies: [...this.counts.values()], resync: this.resync, latencies: this.latencies };
    this.counts = new Map();
    this.resync = 0;
    this.latencies = [];
    parentPort?.postMessage(m);
  }
}

const RELAY_MS = 500;
/** A helper ends after this long without a chunk to claim. */
const IDLE_EXIT_MS = 1_000;

/** Helper thread: sends chunks until none is left (or the main thread says stop), then ends. */
export async function runResyncThread(data: ResyncThreadData): Promise<void> {
  const log = rootLogger.child({ workerId: data.workerId, component: "resync-thread" });
  await prepareDatabase();
  const clientOpts = { transactionTimeoutMs: env.sipTransactionTimeoutMs, onRequest: handleSipRequest };
  const tcp = new SipTcpClient({ ...clientOpts, logger: log.child({ component: "sip-tcp-client" }) });
  const tls = new SipTlsClient(readTlsCredentials({ caFile: env.tlsCaFile, certFile: env.tlsCertFile, keyFile: env.tlsKeyFile }), {
    ...clientOpts, logger: log.child({ component: "sip-tls-client" }),
  });
  const metrics = new MetricsRelay();
  const relay = setInterval(() => metrics.flush(), RELAY_MS);
  const deps = {
    workerId: data.workerId,
    clients: { TCP: tcp, TLS: tls },
    local: data.local,
    sipDomain: env.sipDomain,
    retryPolicy: { windowMs: env.mwiRetryWindowMs, baseMs: env.mwiRetryBaseMs, maxMs: env.mwiRetryMaxMs },
    leaseMs: data.leaseMs,
    transactionTimeoutMs: env.sipTransactionTimeoutMs,
    udpTransactionTimeoutMs: env.sipTimerFMs,
    logger: log,
    metrics,
    refreshPeriodMs: env.refreshPeriodMs,
    gatewayBackoff: new Map<string, number>(),
    subBatchSize: RESYNC_CHUNK_SIZE,
  };
  let lastChunkAt = Date.now();
  const sent = { chunks: 0, lamps: 0 };
  const loop = new RefreshLoop({
    workerId: data.workerId, pollMs: 100, leaseMs: data.leaseMs, batchSize: 1, maxBatches: 3,
    claim: async (opts) => {
      const chunks = await claimResyncChunks(opts);
      if (chunks.length > 0) lastChunkAt = Date.now();
      return chunks;
    },
    deliver: async ([chunk]) => {
      const r = await deliverResyncChunk(chunk, deps);
      sent.chunks++;
      sent.lamps += r.done;
    },
    logger: log,
  });
  log.info("resync helper thread started");
  let stop: () => void = () => undefined;
  const stopped = new Promise<void>((resolve) => { stop = resolve; });
  const onMessage = (m: unknown) => { if (m === "stop") stop(); };
  parentPort?.on("message", onMessage);
  const idle = setInterval(() => { if (loop.inFlightCount === 0 && Date.now() - lastChunkAt > IDLE_EXIT_MS) stop(); }, 100);
  loop.start();
  await stopped;
  clearInterval(idle);
  await loop.stop(8_000);
  clearInterval(relay);
  metrics.flush();
  await Promise.allSettled([tcp.close(), tls.close()]);
  await disconnectDatabase().catch(() => undefined);
  log.info(sent, "resync helper thread finished");
  // Listening would keep the thread alive. (Not close(): that can drop the last relay in flight.)
  parentPort?.off("message", onMessage);
}
