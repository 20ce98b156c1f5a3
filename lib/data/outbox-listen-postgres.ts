// The worker's side of the PostgreSQL wake-up: one dedicated connection that LISTENs on
// "lamplighter_outbox", where the outbox tables' insert trigger (prisma/postgresql migration
// "outbox_wake_notify") notifies at every commit that added rows, whoever the writer was.
//
// A LISTEN lives on one session, so this is a plain node-postgres Client outside Prisma's pool.
// When the connection drops (server restart, failover, network), notifications sent meanwhile
// are lost: it reconnects with backoff and reports one wake-up on reconnecting, and the worker's
// poll covers the gap either way. Nothing here decides what to deliver; it only says "look now".
import pg from "pg";

export const OUTBOX_CHANNEL = "lamplighter_outbox";

export interface PostgresListenOptions {
  url: string;
  /** Called with the table whose rows were inserted ("MwiOutbox", "SmsOutbox"). */
  onInsert: (table: string) => void;
  onError?: (err: unknown) => void;
  reconnectBaseMs?: number;
  reconnectMaxMs?: number;
}

/** Starts listening; returns a function that stops (and closes the connection). */
export function listenForOutboxInserts(o: PostgresListenOptions): () => void {
  let stopped = false;
  let client: pg.Client | undefined;
  let timer: NodeJS.Timeout | undefined;
  let failures = 0;

  const connect = async () => {
    if (stopped) return;
    const c = new pg.Client({ connectionString: o.url, keepAlive: true });
    client = c;
    c.on("notification", (n) => {
      if (n.channel === OUTBOX_CHANNEL) o.onInsert(n.payload ?? "");
    });
    c.on("error", (err) => {
      o.onError?.(err);
      retry(c);
    });
    c.on("end", () => retry(c));
    try {
      await c.connect();
      await c.query(`LISTEN ${OUTBOX_CHANNEL}`);
      if (failures > 0) {
        // Rows may have been inserted while we were not listening.
        o.onInsert("MwiOutbox");
        o.onInsert("SmsOutbox");
      }
      failures = 0;
    } catch (err) {
      o.onError?.(err);
      retry(c);
    }
  };

  const retry = (c: pg.Client) => {
    if (stopped || client !== c || timer) return;
    client = undefined;
    c.removeAllListeners("end");
    c.end().catch(() => undefined);
    failures++;
    const base = o.reconnectBaseMs ?? 500;
    const delay = Math.min(o.reconnectMaxMs ?? 30_000, base * 2 ** Math.min(failures - 1, 10));
    timer = setTimeout(() => {
      timer = undefined;
      void connect();
    }, delay);
    timer.unref();
  };

  void connect();
  return () => {
    stopped = true;
    clearTimeout(timer);
    const c = client;
    client = undefined;
    if (c) {
      c.removeAllListeners("end");
      c.end().catch(() => undefined);
    }
  };
}
