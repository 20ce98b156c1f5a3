// Prisma's better-sqlite3 adapter with one fix: statements outside a transaction wait while a
// transaction is open. (And one saving: statements are prepared once, sqlite-statement-cache.ts.)
//
// The adapter keeps one SQLite connection per process and serialises transactions with a mutex,
// but a plain query (not in a transaction) does not take that mutex: it runs on the same
// connection in the middle of whatever transaction another request has open. It then reads that
// transaction's uncommitted rows (a lamp shown "on" from a change that is about to be rolled
// back), and its writes become part of that transaction and are rolled back with it. Waiting
// for the open transactions to end gives every statement the isolation it would have on a
// server database; it costs nothing SQLite was not already paying (one connection, one writer).
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { cachePreparedStatements } from "./sqlite-statement-cache";

type Query = Parameters<Awaited<ReturnType<PrismaBetterSqlite3["connect"]>>["queryRaw"]>[0];
type Adapter = Awaited<ReturnType<PrismaBetterSqlite3["connect"]>>;
type Transaction = Awaited<ReturnType<Adapter["startTransaction"]>>;

export function isolatedSqliteAdapter(url: string, timeoutMs: number): PrismaBetterSqlite3 {
  const factory = new PrismaBetterSqlite3({ url, timeout: timeoutMs });
  const connect = factory.connect.bind(factory);
  factory.connect = async () => isolate(await connect());
  return factory;
}

function isolate(adapter: Adapter): Adapter {
  // The adapter's better-sqlite3 connection (a public field the adapter's type does not declare).
  cachePreparedStatements((adapter as unknown as { client: { prepare(sql: string): unknown } }).client);
  // Transactions started or open, and a gate that opens when there are none.
  let transactions = 0;
  let gate: Promise<void> | undefined;
  let openGate: () => void = () => undefined;

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
    let tx: Transaction;
    try {
      tx = await startTransaction(isolationLevel);
    } catch (err) {
      leave();
      throw err;
    }
    let ended = false;
    const end = () => {
      if (!ended) {
        ended = true;
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
  return adapter;
}
