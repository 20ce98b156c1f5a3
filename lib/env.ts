// Configuration from the environment, read once. Both processes (web, sip-worker) use it.
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
    return /^postgres(ql)?:\/\//.test(this.databaseUrl);
  },
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
  workerHttpPort: int("WORKER_HTTP_PORT", 9464),
  workerPollMs: int("WORKER_POLL_MS", 100),
  // How long one NOTIFY waits for a final response before the next gateway is tried.
  sipTransactionTimeoutMs: int("SIP_TRANSACTION_TIMEOUT_MS", 8000),
  // Retry window for a delivery, from its first attempt (Exchange: five minutes).
  mwiRetryWindowMs: int("MWI_RETRY_WINDOW_MS", 5 * 60_000),
  mwiRetryBaseMs: int("MWI_RETRY_BASE_MS", 2000),
  mwiRetryMaxMs: int("MWI_RETRY_MAX_MS", 60_000),
  tlsCaFile: process.env.SIP_TLS_CA_FILE || undefined,
  tlsCertFile: process.env.SIP_TLS_CERT_FILE || undefined,
  tlsKeyFile: process.env.SIP_TLS_KEY_FILE || undefined,
  logLevel: process.env.LOG_LEVEL || "info",
};
