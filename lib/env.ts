// Configuration from the environment, read once. Both processes (web, sip-worker) use it.
import os from "node:os";
import path from "node:path";

function int(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer, got "${raw}"`);
  return n;
}

export const DEFAULT_DATABASE_URL = `file:${path.join(process.cwd(), "data", "lamplighter.db")}`;

export const env = {
  databaseUrl: process.env.DATABASE_URL || DEFAULT_DATABASE_URL,
  get isPostgres() {
    return this.isPostgresUrl(this.databaseUrl);
  },
  isPostgresUrl(url: string): boolean {
    return /^postgres(ql)?:\/\//.test(url);
  },
  // PostgreSQL connections per process (web instance or sip-worker).
  databasePoolSize: int("DATABASE_POOL_SIZE", 10),
  webPort: int("PORT", 3000),
  adminToken: process.env.LAMPLIGHTER_ADMIN_TOKEN || undefined,
  authSecret: process.env.BETTER_AUTH_SECRET || process.env.LAMPLIGHTER_AUTH_SECRET || undefined,
  signInAttemptsPerMinute: int("SIGN_IN_ATTEMPTS_PER_MINUTE", 10),
  publicUrl: process.env.LAMPLIGHTER_PUBLIC_URL || undefined,
  // sip-worker
  sipBindAddress: process.env.SIP_BIND_ADDRESS || "127.0.0.1",
  // Address put in Via/Contact; defaults to the bind address (or the socket's local address).
  sipAdvertisedAddress: process.env.SIP_ADVERTISED_ADDRESS || undefined,
  sipDomain: process.env.SIP_DOMAIN || "um.lamplighter.local",
  sipTcpPort: int("SIP_TCP_PORT", 5060),
  sipUdpPort: int("SIP_UDP_PORT", 5060),
  // The TLS listener starts only when SIP_TLS_CERT_FILE and SIP_TLS_KEY_FILE are set.
  sipTlsPort: int("SIP_TLS_PORT", 5061),
  // RFC 3261 §17.1.2.2 timers for UDP client transactions (T1, T2, Timer F = 64*T1 by default).
  sipT1Ms: int("SIP_T1_MS", 500),
  sipT2Ms: int("SIP_T2_MS", 4000),
  sipTimerFMs: int("SIP_TIMER_F_MS", 32_000),
  // Inbound TCP+TLS connections the listeners accept at once (a peer opening many is bounded).
  sipMaxConnections: int("SIP_MAX_CONNECTIONS", 1000),
  // SUBSCRIBE (RFC 6665 §4.2.1.1): shorter requests get 423 with Min-Expires, longer are clamped.
  subscribeMinExpires: int("SUBSCRIBE_MIN_EXPIRES", 60),
  subscribeMaxExpires: int("SUBSCRIBE_MAX_EXPIRES", 3600),
  // How often the worker looks for changed lamps of subscribed mailboxes and expired subscriptions.
  subscriptionPollMs: int("SUBSCRIPTION_POLL_MS", 200),
  workerHttpPort: int("WORKER_HTTP_PORT", 9464),
  workerPollMs: int("WORKER_POLL_MS", 100),
  // How long one NOTIFY waits for a final response before the next gateway is tried.
  sipTransactionTimeoutMs: int("SIP_TRANSACTION_TIMEOUT_MS", 8000),
  // A lamp gets at most one change NOTIFY per this interval: an isolated change goes out at once,
  // a storm of changes to one mailbox is coalesced into one NOTIFY per interval (the newest state).
  mwiMinIntervalMs: int("MWI_MIN_INTERVAL_MS", 250),
  // Default: one per core beyond the first, at most 3 (sip-worker/refresh/resync-threads.ts).
  resyncHelperThreads: int("RESYNC_HELPER_THREADS", Math.max(0, Math.min(3, os.availableParallelism() - 1))),
  // Retry window for a delivery, from its first attempt (Exchange: five minutes).
  mwiRetryWindowMs: int("MWI_RETRY_WINDOW_MS", 5 * 60_000),
  mwiRetryBaseMs: int("MWI_RETRY_BASE_MS", 2000),
  mwiRetryMaxMs: int("MWI_RETRY_MAX_MS", 60_000),
  // A claimed outbox row is protected this long; a crashed worker's rows are retaken after it.
  leaseMs: int("LEASE_MS", 30_000),
  // Every lamp is re-sent at least this often (Exchange had no refresh; 12 h by default).
  refreshPeriodMs: int("REFRESH_PERIOD_MS", 12 * 3600_000),
  // NOTIFYs per second per UM IP gateway at most (0 = no cap), so refreshes never flood a PBX.
  mwiGatewayRatePerSec: int("MWI_GATEWAY_RATE_PER_SEC", 50),
  tlsCaFile: process.env.SIP_TLS_CA_FILE || undefined,
  tlsCertFile: process.env.SIP_TLS_CERT_FILE || undefined,
  tlsKeyFile: process.env.SIP_TLS_KEY_FILE || undefined,
  // Where texts go: "outbox" keeps them on this machine (EAC text message log, OWA test phone
  // inbox); "smpp" and "http" send them to an SMS provider.
  smsProvider: (process.env.SMS_PROVIDER || "outbox") as "outbox" | "smpp" | "http",
  // A text is retried (retryable failures only) for this long after it was queued, then failed.
  smsRetryWindowMs: int("SMS_RETRY_WINDOW_MS", 3600_000),
  smsRetryBaseMs: int("SMS_RETRY_BASE_MS", 5_000),
  smsRetryMaxMs: int("SMS_RETRY_MAX_MS", 300_000),
  // How long one send may take (HTTP request; SMPP bind and submit_sm_resp); keep it under LEASE_MS.
  smsSendTimeoutMs: int("SMS_SEND_TIMEOUT_MS", 10_000),
  // SMS_PROVIDER=smpp: smpp://host:port (ssmpp:// for TLS), bound as a transceiver.
  smppUrl: process.env.SMPP_URL || undefined,
  smppSystemId: process.env.SMPP_SYSTEM_ID || "",
  smppPassword: process.env.SMPP_PASSWORD || "",
  // Sender shown on the phone: E.164 digits, or up to 11 letters (alphanumeric sender id).
  smppSourceAddr: process.env.SMPP_SOURCE_ADDR || "Lamplighter",
  // submit_sm per second at most (0 = no cap): the rate the SMSC contract allows.
  smppMaxPerSec: int("SMPP_MAX_PER_SEC", 10),
  smppEnquireLinkMs: int("SMPP_ENQUIRE_LINK_MS", 30_000),
  smppReconnectBaseMs: int("SMPP_RECONNECT_BASE_MS", 1_000),
  smppReconnectMaxMs: int("SMPP_RECONNECT_MAX_MS", 60_000),
  // SMS_PROVIDER=http: where the signed JSON POST goes, and the HMAC-SHA256 key.
  smsHttpUrl: process.env.SMS_HTTP_URL || undefined,
  smsHttpSecret: process.env.SMS_HTTP_SECRET || undefined,
  logLevel: process.env.LOG_LEVEL || "info",
};
