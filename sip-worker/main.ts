// The sip-worker process: applies migrations, answers SIP on TCP, delivers the MWI outbox and
// serves /healthz + /metrics. Run with `npx tsx sip-worker/main.ts` (npm run worker).
import os from "node:os";
import { randomBytes } from "node:crypto";
import { env } from "../lib/env";
import { migrate } from "../lib/data/migrate";
import { disconnectDatabase, pingDatabase, prepareDatabase } from "../lib/data/db-lifecycle";
import { claimDueOutboxRows, countPendingOutboxRows, warmUpDeliveryQueries } from "../lib/data/mwi-delivery";
import { closeHttpServer, startWorkerHttpServer } from "./http-server";
import { logger as rootLogger } from "./logger";
import { createWorkerMetrics } from "./metrics";
import { deliverMwi, type DeliveryDeps } from "./outbox/deliver-mwi";
import { OutboxLoop } from "./outbox/outbox-loop";
import { handleSipRequest } from "./sip/handle-request";
import { localSipAddress } from "./sip/local-address";
import { SipTcpListener } from "./transports/tcp-listener";
import { SipTcpClient } from "./transports/tcp";

/** A claim protects a row this long; a crashed worker's rows are retaken after it. */
const LEASE_MS = 30_000;
/** Mailboxes delivered at once: bounds connections and transactions towards PBXs. */
const DELIVERY_CONCURRENCY = 32;
/**
 * On SIGTERM, how long in-flight deliveries may finish before the process exits anyway: one
 * default transaction timeout, and less than the 10 s `npm start` gives its children.
 */
const SHUTDOWN_GRACE_MS = 8_000;

async function main(): Promise<void> {
  const workerId = `${os.hostname()}/${process.pid}/${randomBytes(3).toString("hex")}`;
  const log = rootLogger.child({ workerId });

  const migrated = await migrate({ quiet: true });
  if (migrated.applied.length > 0) log.info({ applied: migrated.applied }, "database migrated");
  await prepareDatabase();
  await warmUpDeliveryQueries(workerId);

  const metrics = createWorkerMetrics({ outboxDepth: countPendingOutboxRows });
  const tcpClient = new SipTcpClient({
    transactionTimeoutMs: env.sipTransactionTimeoutMs,
    onRequest: handleSipRequest,
    logger: log.child({ component: "sip-tcp-client" }),
  });
  const listener = new SipTcpListener({
    host: env.sipBindAddress,
    port: env.sipTcpPort,
    onRequest: handleSipRequest,
    // §18.2.2: a peer whose connection to us dropped sends its response on a new connection.
    onResponse: (response) => tcpClient.acceptResponse(response),
    logger: log.child({ component: "sip-tcp-listener" }),
  });
  await listener.start();

  const local = localSipAddress({ advertised: env.sipAdvertisedAddress, bind: env.sipBindAddress, port: env.sipTcpPort });
  const deps: DeliveryDeps = {
    workerId,
    clients: { TCP: tcpClient },
    local: { TCP: local },
    sipDomain: env.sipDomain,
    retryPolicy: { windowMs: env.mwiRetryWindowMs, baseMs: env.mwiRetryBaseMs, maxMs: env.mwiRetryMaxMs },
    leaseMs: LEASE_MS,
    transactionTimeoutMs: env.sipTransactionTimeoutMs,
    logger: log.child({ component: "mwi-delivery" }),
    metrics,
  };
  const loop = new OutboxLoop({
    workerId,
    pollMs: Math.max(10, env.workerPollMs),
    concurrency: DELIVERY_CONCURRENCY,
    leaseMs: LEASE_MS,
    claim: claimDueOutboxRows,
    deliver: (rows) => deliverMwi(rows, deps),
    logger: log.child({ component: "outbox-loop" }),
  });

  const httpServer = await startWorkerHttpServer({
    host: env.sipBindAddress,
    port: env.workerHttpPort,
    metrics,
    logger: log.child({ component: "http" }),
    health: async () => {
      const dbOk = await pingDatabase();
      const tcpOk = listener.listening;
      return {
        ok: dbOk && tcpOk && loop.running,
        db: { ok: dbOk },
        sip: { tcp: { ok: tcpOk, listening: listener.address ?? null } },
        outbox: { running: loop.running, inFlight: loop.inFlightCount },
      };
    },
  });
  loop.start();
  const httpAddress = httpServer.address();
  log.info({
    tcp: listener.address,
    http: httpAddress && typeof httpAddress === "object" ? `${httpAddress.address}:${httpAddress.port}` : null,
    advertised: `${local.host}:${local.port}`,
    sipDomain: env.sipDomain,
  }, "sip-worker listening");

  let stoppingOn: string | undefined;
  const shutdown = async (signal: string) => {
    if (stoppingOn) {
      // Ctrl+C in `npm start` sends SIGINT to the group and the parent adds SIGTERM: only the
      // same signal twice (an impatient operator) skips the graceful wait.
      if (signal !== stoppingOn) return;
      log.warn({ signal }, "second signal; exiting without waiting");
      process.exit(1);
    }
    stoppingOn = signal;
    log.info({ signal }, "sip-worker stopping");
    const unfinished = await loop.stop(SHUTDOWN_GRACE_MS);
    if (unfinished > 0) log.warn({ unfinished }, "deliveries still running at shutdown; their leases will expire");
    await Promise.allSettled([listener.close(), tcpClient.close(), closeHttpServer(httpServer)]);
    await disconnectDatabase().catch(() => undefined);
    log.info("sip-worker stopped");
    process.exit(0);
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
}

process.on("unhandledRejection", (err) => rootLogger.error({ err }, "unhandled promise rejection"));
main().catch((err) => {
  rootLogger.fatal({ err }, "sip-worker failed to start");
  process.exit(1);
});
