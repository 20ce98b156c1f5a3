// Web → worker wake-up for the MWI outbox, so a committed lamp change is claimed within
// milliseconds instead of at the worker's next poll (WORKER_POLL_MS, 100 ms: ~50 ms on average).
// The wake-up only shortens the wait: the worker keeps polling, so a lost or missed wake-up
// delays a NOTIFY by one poll at most and never loses it (the outbox row is the truth).
//
// Embedded SQLite: the worker watches the database file itself. A dedicated read connection asks
// `PRAGMA data_version` every few milliseconds — it changes whenever another connection (the web,
// or the worker's own Prisma connection) has committed — and then `max(rowid)` of "MwiOutbox",
// which grows only when rows are inserted. Chosen over a loopback datagram or HTTP poke because:
// it needs nothing but the database file both processes already share (no port the web would
// have to be told, nothing to configure in `npm start`, tests or benches); it sees every writer
// (the REST API, EAC edits that requeue lamps, resyncs, a second web instance, scripts) without
// each of them having to announce; and a web that crashes right after its commit still wakes the
// worker. Cost: one pragma on an idle connection per tick (microseconds, no lock taken from
// writers in WAL mode). The rowid check keeps the worker's own writes (completing rows, recording
// attempts) from waking its change loop for nothing; the refresh scheduler's inserts do wake it,
// and such a claim finds no change rows, which is harmless and rare. A rowid reused after the
// newest rows were deleted, or renumbered by VACUUM, can hide one insert: the poll covers it.
//
// PostgreSQL (web and workers on different machines): an insert trigger on the outbox tables
// NOTIFYs "lamplighter_outbox" at commit, whoever the writer was, and each worker LISTENs on a
// dedicated connection (outbox-listen-postgres.ts). Same properties: every writer is seen, and a
// lost notification (connection drop) only delays a row by one poll.
import fs from "node:fs";
import Database from "better-sqlite3";
import { env } from "../env";
import { listenForOutboxInserts } from "./outbox-listen-postgres";

/** How often the SQLite watcher looks: bounds the added delay (half of it on average). */
const SQLITE_WATCH_INTERVAL_MS = 5;

export interface WatchOptions {
  intervalMs?: number;
  /** A failure to open or read the watch connection (the poll still delivers meanwhile). */
  onError?: (err: unknown) => void;
}

/** The outbox that has new rows. */
export type Outbox = "MwiOutbox" | "SmsOutbox";

/**
 * Calls `onChange` soon after rows are added to an outbox by any process. Returns a function
 * that stops watching. Several changes between two looks give one call. (SQLite watches the MWI
 * outbox only; texts are few and the poll is soon enough for them.)
 */
export function watchOutboxChanges(onChange: (outbox: Outbox) => void, opts: WatchOptions = {}): () => void {
  if (env.isPostgres) {
    return listenForOutboxInserts({
      url: env.databaseUrl,
      onInsert: (table) => { if (table === "MwiOutbox" || table === "SmsOutbox") onChange(table); },
      onError: opts.onError,
    });
  }
  try {
    return watchSqliteOutbox(env.databaseUrl, onChange, opts);
  } catch (err) {
    opts.onError?.(err);
    return () => undefined;
  }
}

/** better-sqlite3's Statement#get (the project's type shim, bench/better-sqlite3.d.ts, declares only what the benches use). */
interface RowReader {
  get(): unknown;
}

function watchSqliteOutbox(url: string, onChange: (outbox: Outbox) => void, opts: WatchOptions): () => void {
  // The same file Prisma's adapter opens (it strips the scheme the same way); never create one.
  const file = url.replace(/^file:/, "");
  if (!fs.existsSync(file)) throw new Error(`no SQLite database at ${file}`);
  const conn = new Database(file);
  try {
    // This connection only reads, and must never wait: a synchronous wait would stall the worker.
    conn.prepare("PRAGMA query_only = ON").run();
    conn.prepare("PRAGMA busy_timeout = 0").run();
  } catch (err) {
    conn.close();
    throw err;
  }
  const dataVersion = conn.prepare("PRAGMA data_version") as unknown as RowReader;
  const newestRow = conn.prepare(`SELECT max(rowid) AS "rowid" FROM "MwiOutbox"`) as unknown as RowReader;
  let lastVersion = (dataVersion.get() as { data_version: number }).data_version;
  let lastRowid = (newestRow.get() as { rowid: number | null }).rowid ?? 0;
  let failing = false;
  const look = () => {
    try {
      const version = (dataVersion.get() as { data_version: number }).data_version;
      failing = false;
      if (version === lastVersion) return;
      const rowid = (newestRow.get() as { rowid: number | null }).rowid ?? 0;
      const grew = rowid > lastRowid;
      lastVersion = version;
      lastRowid = rowid;
      if (grew) onChange("MwiOutbox");
    } catch (err) {
      // SQLITE_BUSY during a checkpoint or recovery, a file replaced under us…: try next tick,
      // and report once per run of failures.
      if (!failing) opts.onError?.(err);
      failing = true;
    }
  };
  const timer = setInterval(look, opts.intervalMs ?? SQLITE_WATCH_INTERVAL_MS);
  timer.unref();
  return () => {
    clearInterval(timer);
    conn.close();
  };
}
