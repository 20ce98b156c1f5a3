// SQLite WAL checkpoints on a thread of the sip-worker instead of on the event loops.
//
// In WAL mode a commit that grows the log past `wal_autocheckpoint` pages copies the log into the
// database file and syncs both, inside that commit: 20–70 ms on this machine's disk (more when
// the disk is busy), during which the committing process — the web answering a voice-mail
// platform, or the worker sending NOTIFYs — does nothing else. Here a thread with its own
// connection runs a PASSIVE checkpoint every second (it never waits for readers or writers, and
// they never wait for it), so the log stays short and no request pays for a checkpoint. Every
// 250 ms cost a resync of 100,000 lamps ~5–10 % of its speed in syncs (bench/resync-throughput.ts).
// The processes' own connections keep a high `wal_autocheckpoint` (db.ts,
// WAL_AUTOCHECKPOINT_PAGES) as a safety net for when no worker is running.
// PostgreSQL has no such thing to do.
import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";

// CommonJS, evaluated as the thread's code: nothing to bundle or transpile for it.
const THREAD = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
const checkpoint = db.prepare("PRAGMA wal_checkpoint(PASSIVE)");
let failing = false;
setInterval(() => {
  try {
    checkpoint.get();
    failing = false;
  } catch (err) {
    // SQLITE_BUSY while a process's own commit checkpoints: next time. Reported once per run.
    if (!failing) parentPort.postMessage({ error: String(err && err.message || err) });
    failing = true;
  }
}, workerData.intervalMs);
`;

export interface CheckpointerOptions {
  /** The SQLite file (DATABASE_URL without "file:"). */
  file: string;
  intervalMs?: number;
  onError?: (message: string) => void;
}

export interface Checkpointer {
  stop(): Promise<void>;
}

export function startWalCheckpointer(opts: CheckpointerOptions): Checkpointer {
  const driver = createRequire(import.meta.url).resolve("better-sqlite3");
  const thread = new Worker(THREAD, { eval: true, workerData: { driver, file: opts.file, intervalMs: opts.intervalMs ?? 1_000 } });
  thread.unref();
  thread.on("message", (m: { error?: string }) => { if (m.error) opts.onError?.(m.error); });
  thread.on("error", (err) => opts.onError?.(err.message));
  return { async stop() { await thread.terminate(); } };
}
