// Prisma's better-sqlite3 adapter with one fix: statements outside a transaction wait while a
// transaction is open. And two savings: statements are prepared once (sqlite-statement-cache.ts),
// and the hot paths may use the same connection directly (`sqliteConnection`), without Prisma's
// per-query runtime, under the same rules.
//
// The adapter keeps one SQLite connection per process and serialises transactions with a mutex,
// but a plain query (not in a transaction) does not take that mutex: it runs on the same
// connection in the middle of whatever transaction another request has open. It then reads that
// transaction's uncommitted rows (a lamp shown "on" from a change that is about to be rolled
// back), and its writes become part of that transaction and are rolled back with it. Waiting
// for the open transactions to end gives every statement the isolation it would have on a
// server database; it costs nothing SQLite was not already paying (one connection, one writer).
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { cachePreparedStatements, statementCache } from "./sqlite-statement-cache";

type Query = Parameters<Awaited<ReturnType<PrismaBetterSqlite3["connect"]>>["queryRaw"]>[0];
type Adapter = Awaited<ReturnType<PrismaBetterSqlite3["connect"]>>;
type Transaction = Awaited<ReturnType<Adapter["startTransaction"]>>;

/** The better-sqlite3 Database the adapter opened (the calls the direct path uses). */
export interface RawSqliteDatabase {
  prepare(sql: string): unknown;
  readonly inTransaction: boolean;
}

/** A better-sqlite3 statement as the direct path uses it (plain JS numbers, rows as objects). */
export interface RawSqliteStatement {
  readonly reader: boolean;
  all(...params: unknown[]): Record<string, unknown>[];
  run(...params: unknown[]): { changes: number };
}

/**
 * The process's SQLite connection, for statements that skip Prisma. The same isolation as
 * Prisma's statements: a plain statement runs only while no transaction is open (check `idle()`
 * and run synchronously, or `await whenIdle()` first); a transaction runs under `exclusive`,
 * which no Prisma transaction and no plain statement overlaps.
 */
export interface SqliteConnection {
  /** A statement prepared once per SQL text. */
  statement(sql: string): RawSqliteStatement;
  idle(): boolean;
  whenIdle(): Promise<void>;
  exclusive<T>(fn: () => Promise<T>): Promise<T>;
}

// By database URL, on globalThis: Next may load this module more than once in a process.
const g = globalThis as unknown as { __lamplighterSqlite?: Map<string, SqliteConnection> };
const connections = (g.__lamplighterSqlite ??= new Map());

/** The connection Prisma's adapter opened for `url`, once it has connected (after the first query). */
export function sqliteConnection(url: string): SqliteConnection | undefined {
  return connections.get(url);
}

export function isolatedSqliteAdapter(url: string, timeoutMs: number): PrismaBetterSqlite3 {
  const factory = new PrismaBetterSqlite3({ url, timeout: timeoutMs });
  const connect = factory.connect.bind(factory);
  factory.connect = async () => {
    const { adapter, connection } = isolate(await connect());
    connections.set(url, connection);
    const dispose = adapter.dispose.bind(adapter);
    adapter.dispose = async () => {
      if (connections.get(url) === connection) connections.delete(url);
      return dispose();
    };
    return adapter;
  };
  return factory;
}

/** A FIFO lock: transactions on the one connection, Prisma's and direct ones, take turns. */
function turnLock() {
  let tail: Promise<void> = Promise.resolve();
  return (): Promise<() => void> => {
    let release!: () => void;
    const mine = new Promise<void>((resolve) => { release = resolve; });
    const ready = tail.then(() => release);
    tail = tail.then(() => mine);
    return ready;
  };
}

function isolate(adapter: Adapter): { adapter: Adapter; connection: SqliteConnection } {
  // The adapter's better-sqlite3 connection (a public field the adapter's type does not declare).
  const raw = (adapter as unknown as { client: RawSqliteDatabase }).client;
  const prepare = cachePreparedStatements(raw);
  // The adapter turns safe integers on for the connection (BigInt for every INTEGER); the direct
  // path's values are counts, versions and 0/1 flags, well inside a double.
  const statement = statementCache((sql) => {
    const stmt = prepare(sql) as RawSqliteStatement & { safeIntegers(on: boolean): unknown };
    stmt.safeIntegers(false);
    return stmt as RawSqliteStatement;
  });
  // Transactions started or open, and a gate that opens when there are none.
  let transactions = 0;
  let gate: Promise<void> | undefined;
  let openGate: () => void = () => undefined;
  const takeTurn = turnLock();

  const outsideTransactions = async () => {
    while (gate) await gate;
  };
  const enter = () => {
    if (transactions++ === 0) gate = new Promise<void>((resolve) => { openGate = resolve; });
  };
  const leave = () => {
    if (--transactions === 0) {
      gate = undefined;
      openGate();
    }
  };

  const startTransaction = adapter.startTransaction.bind(adapter);
  adapter.startTransaction = async (isolationLevel) => {
    // Counted before BEGIN, so no plain statement can slip in between BEGIN and the first one of
    // the transaction's own.
    enter();
    let release: () => void = () => undefined;
    let tx: Transaction;
    try {
      release = await takeTurn();
      tx = await startTransaction(isolationLevel);
    } catch (err) {
      release();
      leave();
      throw err;
    }
    let ended = false;
    const end = () => {
      if (!ended) {
        ended = true;
        release();
        leave();
      }
    };
    const commit = tx.commit.bind(tx);
    const rollback = tx.rollback.bind(tx);
    tx.commit = async () => {
      try {
        return await commit();
      } finally {
        end();
      }
    };
    tx.rollback = async () => {
      try {
        return await rollback();
      } finally {
        end();
      }
    };
    return tx;
  };

  const queryRaw = adapter.queryRaw.bind(adapter);
  const executeRaw = adapter.executeRaw.bind(adapter);
  adapter.queryRaw = async (q: Query) => {
    await outsideTransactions();
    return queryRaw(q);
  };
  adapter.executeRaw = async (q: Query) => {
    await outsideTransactions();
    return executeRaw(q);
  };

  const run = (sql: string) => (raw.prepare(sql) as { run(): unknown }).run();
  const connection: SqliteConnection = {
    statement,
    idle: () => gate === undefined,
    whenIdle: outsideTransactions,
    async exclusive<T>(fn: () => Promise<T>): Promise<T> {
      enter();
      const release = await takeTurn();
      try {
        // IMMEDIATE: the write lock now (waiting up to the busy timeout), not at the first write,
        // where a commit by the other process in between would fail it with SQLITE_BUSY_SNAPSHOT.
        run("BEGIN IMMEDIATE");
        try {
          const result = await fn();
          run("COMMIT");
          return result;
        } catch (err) {
          if (raw.inTransaction) run("ROLLBACK");
          throw err;
        }
      } finally {
        release();
        leave();
      }
    },
  };
  return { adapter, connection };
}
