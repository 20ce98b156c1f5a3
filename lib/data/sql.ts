// Plain SQL for the hot paths (a voice message posted, a lamp change delivered), on either
// database, without Prisma's per-query runtime where it can be skipped.
//
// Through Prisma (query interpreter + driver adapter) even a raw statement costs ~0.2–0.3 ms of
// CPU before SQLite does anything, and a lamp change takes about ten statements between the web
// and the worker: at the 200 changes/s issue #4 asks for, that alone was most of a core. On
// SQLite the statements here run on the connection Prisma's adapter opened (one connection per
// process, lib/sqlite-adapter.ts), prepared once, under the same isolation as Prisma's own: a
// plain statement waits until no transaction is open, and `sqlTransaction` excludes Prisma's
// transactions and plain statements while it runs. On PostgreSQL they go through Prisma's raw
// queries (a pool of server connections; Prisma's cost is small next to a network round trip).
//
// Values are passed in the forms the rest of lib/data writes (bulk-sql.ts: sqlDate, sqlBool),
// and SQL is written with `?` placeholders through `sqlFor`. Rows come back as objects; on
// SQLite integers are plain numbers, DateTimes the stored text and Booleans 0/1 (PostgreSQL:
// Date and boolean), as the raw reads elsewhere in lib/data already expect.
import { db, dbReady } from "../db";
import { env } from "../env";
import { sqliteConnection, type SqliteConnection } from "../sqlite-adapter";
import { isBusy, type Tx } from "./transaction";

/** A statement with its values, to run in some transaction later. */
export interface SqlStatement {
  text: string;
  params: unknown[];
}

export function statement(text: string, ...params: unknown[]): SqlStatement {
  return { text, params };
}

/** Runs statements one after the other (in `tx`'s transaction); returns the rows each changed. */
export async function runAll(tx: Sql, statements: readonly SqlStatement[]): Promise<number[]> {
  const counts: number[] = [];
  for (const st of statements) counts.push(await tx.run(st.text, ...st.params));
  return counts;
}

export interface Sql {
  /** A statement that returns rows (SELECT, or a write with RETURNING). */
  query<T = Record<string, unknown>>(sql: string, ...params: unknown[]): Promise<T[]>;
  /** A write; returns the number of rows it changed. */
  run(sql: string, ...params: unknown[]): Promise<number>;
}

async function connection(): Promise<SqliteConnection> {
  let c = sqliteConnection(env.databaseUrl);
  if (!c) {
    // Prisma's adapter connects on the first query (or again after a $disconnect).
    await dbReady();
    c = sqliteConnection(env.databaseUrl);
    if (!c) {
      await db.$connect();
      c = sqliteConnection(env.databaseUrl);
    }
    if (!c) throw new Error("the SQLite connection is not open");
  }
  return c;
}

/**
 * Runs `f` once no transaction is open on the connection. The last check and `f` run in the same
 * synchronous step, so no transaction can begin in between.
 */
async function outsideTransactions<T>(c: SqliteConnection, f: () => T): Promise<T> {
  while (!c.idle()) await c.whenIdle();
  return f();
}

function direct(c: SqliteConnection): Sql {
  return {
    query: async <T>(text: string, ...params: unknown[]) => c.statement(text).all(...params) as T[],
    run: async (text: string, ...params: unknown[]) => c.statement(text).run(...params).changes,
  };
}

/**
 * Statements in whichever transaction the caller holds: a Prisma interactive one (`Tx`) or a
 * `sqlTransaction`; for the data functions both kinds of caller share.
 */
export function asSql(x: Sql | Tx): Sql {
  if (!("$queryRawUnsafe" in x)) return x;
  return {
    query: <T>(text: string, ...params: unknown[]) => x.$queryRawUnsafe<T[]>(text, ...params),
    run: (text: string, ...params: unknown[]) => x.$executeRawUnsafe(text, ...params),
  };
}

/** Statements outside a transaction. */
export const sql: Sql = env.isPostgres
  ? {
    query: <T>(text: string, ...params: unknown[]) => db.$queryRawUnsafe<T[]>(text, ...params),
    run: (text: string, ...params: unknown[]) => db.$executeRawUnsafe(text, ...params),
  }
  : {
    async query<T>(text: string, ...params: unknown[]): Promise<T[]> {
      const c = await connection();
      return outsideTransactions(c, () => c.statement(text).all(...params) as T[]);
    },
    async run(text: string, ...params: unknown[]): Promise<number> {
      const c = await connection();
      return outsideTransactions(c, () => c.statement(text).run(...params).changes);
    },
  };

/**
 * A write transaction: `work` runs its statements through the `Sql` it is given (never through
 * `db` or `sql`, which wait for it to end). Retried as a whole when the database reports a
 * conflict (see transaction.ts), so `work` must not have other side effects.
 */
export async function sqlTransaction<T>(work: (tx: Sql) => Promise<T>, attempts = 8): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      if (env.isPostgres) {
        return await db.$transaction((tx) => work({
          query: <R>(text: string, ...params: unknown[]) => tx.$queryRawUnsafe<R[]>(text, ...params),
          run: (text: string, ...params: unknown[]) => tx.$executeRawUnsafe(text, ...params),
        }), { timeout: 15_000, maxWait: 10_000 });
      }
      const c = await connection();
      return await c.exclusive(() => work(direct(c)));
    } catch (e) {
      if (i >= attempts || !isBusy(e)) throw e;
      await new Promise((r) => setTimeout(r, 5 * 2 ** i + Math.random() * 20));
    }
  }
}
