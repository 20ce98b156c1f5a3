// The sip-worker process: applies migrations, answers SIP on TCP, UDP and TLS (OPTIONS,
// SUBSCRIBE), delivers the MWI and SMS outboxes, keeps subscribers told, and serves /healthz + /metrics. Run with `npx tsx sip-worker/main.ts` (npm run worker).
// First: V8 flags that must be set before Prisma compiles its WebAssembly (see the module).
import "./memory-flags";
import os from "node:os";
import { isMainThread, workerData } from "node:worker_threads";
import { randomBytes } from "node:crypto";
import { env } from "../lib/env";
import { migrate } from "../lib/data/migrate";
import { disconnectDatabase, pingDatabase, prepareDatabase } from "../lib/data/db-lifecycle";
import { claimDueOutboxRows, countPendingOutboxRows, warmUpDeliveryQueries } from "../lib/data/mwi-delivery";
import { completeDeliveredChanges } from "../lib/data/mwi-delivery-batch";
import { claimRefreshRows, countSipSubscriptions, refreshOutboxStatistics } from "../lib/data/mwi-refresh";
import { RESYNC_CHUNK_SIZE } from "../lib/data/mwi-resync";
import { claimResyncChunks } from "../lib/data/mwi-resync-chunks";
import { countUnsentSms } from "../lib/data/sms-delivery";
import { watchOutboxChanges } from "../lib/data/outbox-wake";
import { startWalCheckpointer } from "../lib/data/wal-checkpointer";
import { createSmsProvider } from "../lib/sms/create-provider";
import { closeHttpServer, startWorkerHttpServer } from "./http-server";
import { logger as rootLogger } from "./logger";
import { createWorkerMetrics } from "./metrics";
import { CompletionWriter } from "./outbox/completion-writer";
import { deliverChangeBatch } from "./outbox/deliver-change-batch";
import { deliverMwi, type DeliveryDeps } from "./outbox/deliver-mwi";
import { GatewayRateLimiter } from "./outbox/gateway-rate-limiter";
import { OutboxLoop } from "./outbox/outbox-loop";
import { deliverRefreshBatch } from "./refresh/deliver-refresh-batch";
import { deliverResyncChunk } from "./refresh/deliver-resync-chunk";
import { RefreshLoop } from "./refresh/refresh-loop";
import { ResyncHelpers, runResyncThread, type ResyncThreadData } from "./refresh/resync-threads";
import { RefreshScheduler } from "./refresh/refresh-scheduler";
import { createSipRequestHandler, handleSipRequest, type RequestHandler } from "./sip/handle-request";
import { SipTransports } from "./sip-transports";
import { createSubscribeHandler } from "./subscriptions/handle-subscribe";
import { SubscriptionNotifier } from "./subscriptions/notifier";
import { SubscriptionLoop } from "./subscriptions/subscription-loop";
import { SmsLoop } from "./sms/sms-loop";

/** A claim protects a row this long; a crashed worker's rows are retaken after it (LEASE_MS). */
const LEASE_MS = env.leaseMs;
/**
 * Refresh rows per batch: the most one batch can send within half a lease at the rate cap.
 * Uncapped, as many as one claim can take: every claim scans the due rows, so fewer claims is
 * what makes a resync of everyone fast. 900 keeps the claim's read-back (`id IN (…)` plus three
 * values) under the 999 bound values Prisma allows per SQLite statement it cannot split.
 */
const REFRESH_BATCH = env.mwiGatewayRatePerSec > 0
  ? Math.max(1, Math.min(500, Math.floor((env.mwiGatewayRatePerSec * LEASE_MS) / 2000)))
  : 900;
/**
 * Lamps per resync sub-batch (deliver-resync-chunk.ts): uncapped, a whole chunk; under the cap,
 * about one second's worth, so a change to a lamp in it never waits long.
 */
const RESYNC_SUB_BATCH = env.mwiGatewayRatePerSec > 0 ? Math.max(1, Math.min(RESYNC_CHUNK_SIZE, env.mwiGatewayRatePerSec)) : RESYNC_CHUNK_SIZE;
/** Helper threads sending resync chunks next to the main thread (resync-threads.ts): uncapped only. */
const RESYNC_HELPER_THREADS = env.mwiGatewayRatePerSec > 0 ? 0 : env.resyncHelperThreads;
/** Mailboxes delivered at once: bounds connections and transactions towards PBXs. */
const DELIVERY_CONCURRENCY = 32;
/** Mailboxes whose texts are sent at once; the provider's own cap (SMPP_MAX_PER_SEC) paces them. */
const SMS_CONCURRENCY = 8;
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

  const rateLimiter = new GatewayRateLimiter(env.mwiGatewayRatePerSec);
  const metrics = createWorkerMetrics({
    outboxDepth: countPendingOutboxRows,
    subscriptions: countSipSubscriptions,
    rateLimitWaitSeconds: () => rateLimiter.waitedMs / 1000,
    smsOutboxDepth: countUnsentSms,
  });
  // The SUBSCRIBE handler needs the transports (to NOTIFY) and the transports need a handler:
  // they get this indirection, set before any listener starts.
  let requestHandler: RequestHandler = handleSipRequest;
  const sip = new SipTransports({
    bindAddress: env.sipBindAddress, advertisedAddress: env.sipAdvertisedAddress,
    tcpPort: env.sipTcpPort, udpPort: env.sipUdpPort, tlsPort: env.sipTlsPort,
    tls: { caFile: env.tlsCaFile, certFile: env.tlsCertFile, keyFile: env.tlsKeyFile },
    transactionTimeoutMs: env.sipTransactionTimeoutMs,
    timers: { t1Ms: env.sipT1Ms, t2Ms: env.sipT2Ms, timerFMs: env.sipTimerFMs },
    maxConnections: env.sipMaxConnections,
    onRequest: (request, source) => requestHandler(request, source),
    logger: log,
  });
  const notifier = new SubscriptionNotifier({
    clients: sip.clients, listeners: sip.listeners, get local() { return sip.local; },
    logger: log.child({ component: "subscriptions" }),
  });
  requestHandler = createSipRequestHandler({
    subscribe: createSubscribeHandler({
      bounds: { min: env.subscribeMinExpires, max: env.subscribeMaxExpires },
      get local() { return sip.local; },
      notifier,
      logger: log.child({ component: "subscriptions" }),
    }),
  });
  await sip.start();
  const subscriptionLoop = new SubscriptionLoop({
    pollMs: Math.max(20, env.subscriptionPollMs), notifier, logger: log.child({ component: "subscription-loop" }),
  });

  const local = sip.local.TCP;
  const deps: DeliveryDeps = {
    workerId,
    clients: sip.clients,
    local: sip.local,
    sipDomain: env.sipDomain,
    retryPolicy: { windowMs: env.mwiRetryWindowMs, baseMs: env.mwiRetryBaseMs, maxMs: env.mwiRetryMaxMs },
    leaseMs: LEASE_MS,
    transactionTimeoutMs: env.sipTransactionTimeoutMs,
    udpTransactionTimeoutMs: env.sipTimerFMs,
    logger: log.child({ component: "mwi-delivery" }),
    metrics,
    rateLimiter,
    refreshPeriodMs: env.refreshPeriodMs,
    completions: new CompletionWriter((items) => completeDeliveredChanges(workerId, new Date(), items)),
  };
  const loop = new OutboxLoop({
    workerId,
    pollMs: Math.max(10, env.workerPollMs),
    concurrency: DELIVERY_CONCURRENCY,
    leaseMs: LEASE_MS,
    // Changes only: refresh rows have their own batch loop, so a resync never takes these slots.
    claim: (opts) => claimDueOutboxRows({ ...opts, kinds: ["change", "final-off"], minIntervalMs: env.mwiMinIntervalMs }),
    deliver: (rows) => deliverMwi(rows, deps),
    deliverMany: (groups) => deliverChangeBatch(groups, deps),
    logger: log.child({ component: "outbox-loop" }),
  });

  const smsProvider = createSmsProvider(log.child({ component: "sms-provider" }));
  const smsLoop = new SmsLoop({
    workerId,
    provider: smsProvider,
    pollMs: Math.max(10, env.workerPollMs),
    concurrency: SMS_CONCURRENCY,
    leaseMs: LEASE_MS,
    retryPolicy: { windowMs: env.smsRetryWindowMs, baseMs: env.smsRetryBaseMs, maxMs: env.smsRetryMaxMs },
    logger: log.child({ component: "sms" }),
    metrics,
  });

  const httpServer = await startWorkerHttpServer({
    host: env.sipBindAddress,
    port: env.workerHttpPort,
    metrics,
    logger: log.child({ component: "http" }),
    health: async () => {
      const dbOk = await pingDatabase();
      const transports = sip.health();
      const sipOk = transports.tcp.ok && transports.udp.ok && transports.tls.ok;
      return {
        ok: dbOk && sipOk && loop.running && smsLoop.running,
        db: { ok: dbOk },
        sip: transports,
        subscriptions: { running: subscriptionLoop.running },
        outbox: { running: loop.running, inFlight: loop.inFlightCount },
        sms: { running: smsLoop.running, inFlight: smsLoop.inFlightCount, provider: smsProvider.name },
      };
    },
  });
  const refreshDeps = {
    ...deps, logger: log.child({ component: "mwi-refresh" }), refreshPeriodMs: env.refreshPeriodMs, gatewayBackoff: new Map<string, number>(),
  };
  const refreshLoop = new RefreshLoop({
    workerId, pollMs: Math.max(50, env.workerPollMs), leaseMs: LEASE_MS, batchSize: REFRESH_BATCH, maxBatches: 2,
    claim: claimRefreshRows,
    deliver: (rows) => deliverRefreshBatch(rows, refreshDeps),
    refreshStatistics: refreshOutboxStatistics,
    logger: log.child({ component: "refresh-loop" }),
  });
  const resyncHelpers = new ResyncHelpers({
    threads: RESYNC_HELPER_THREADS, entry: new URL(import.meta.url), metrics, logger: log.child({ component: "resync-helpers" }),
    data: { workerId, local: sip.local, leaseMs: LEASE_MS },
  });
  const resyncLoop = new RefreshLoop({
    workerId, pollMs: Math.max(50, env.workerPollMs), leaseMs: LEASE_MS, batchSize: 1, maxBatches: 3,
    claim: async (opts) => {
      const chunks = await claimResyncChunks(opts);
      if (chunks.length > 0) resyncHelpers.wake();
      return chunks;
    },
    deliver: ([chunk]) => deliverResyncChunk(chunk, { ...refreshDeps, subBatchSize: RESYNC_SUB_BATCH }),
    logger: log.child({ component: "resync-loop" }),
  });
  const refreshScheduler = new RefreshScheduler({
    periodMs: env.refreshPeriodMs, metrics, logger: log.child({ component: "refresh-scheduler" }),
  });
  loop.start();
  // Lamp changes (and, on PostgreSQL, texts) committed by any process are claimed at once, not at
  // the next poll.
  // SQLite: checkpoints on a thread, not inside the web's or this process's commits.
  const checkpointer = env.isPostgres ? undefined : startWalCheckpointer({
    file: env.databaseUrl.replace(/^file:/, ""),
    onError: (message) => log.warn({ err: message }, "WAL checkpoint failed; retrying"),
  });
  const stopWatchingOutbox = watchOutboxChanges((outbox) => (outbox === "SmsOutbox" ? smsLoop.wake() : loop.wake()), {
    onError: (err) => log.warn({ err }, "outbox wake-up watch failed; polling every WORKER_POLL_MS meanwhile"),
  });
  smsLoop.start();
  subscriptionLoop.start();
  refreshLoop.start();
  resyncLoop.start();
  refreshScheduler.start();
  const httpAddress = httpServer.address();
  log.info({
    tcp: sip.tcpListener.address,
    udp: sip.udpListener.address,
    tls: sip.tlsListener?.address ?? sip.tlsListenerNote,
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
    stopWatchingOutbox();
    const [unfinished] = await Promise.all([
      loop.stop(SHUTDOWN_GRACE_MS), refreshLoop.stop(SHUTDOWN_GRACE_MS), resyncLoop.stop(SHUTDOWN_GRACE_MS), resyncHelpers.stop(SHUTDOWN_GRACE_MS), refreshScheduler.stop(), subscriptionLoop.stop(SHUTDOWN_GRACE_MS),
      smsLoop.stop(SHUTDOWN_GRACE_MS),
    ]);
    if (unfinished > 0) log.warn({ unfinished }, "deliveries still running at shutdown; their leases will expire");
    await Promise.allSettled([sip.close(), closeHttpServer(httpServer), checkpointer?.stop()]);
    await disconnectDatabase().catch(() => undefined);
    log.info("sip-worker stopped");
    process.exit(0);
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
}

process.on("unhandledRejection", (err) => rootLogger.error({ err }, "unhandled promise rejection"));
if (isMainThread) {
  main().catch((err) => {
    rootLogger.fatal({ err }, "sip-worker failed to start");
    process.exit(1);
  });
} else if ((workerData as ResyncThreadData | undefined)?.role === "resync-sender") {
  // A helper thread of this worker (this module is its entry too, so the bundle stays one file).
  runResyncThread(workerData as ResyncThreadData).catch((err) => {
    rootLogger.error({ err }, "resync helper thread failed; its chunks are taken over after their lease");
    process.exitCode = 1;
  });
}
