// Prepared statements kept across queries for Prisma's better-sqlite3 adapter.
//
// The adapter prepares every statement it runs (`client.prepare(sql).bind(args)`) and drops it:
// SQLite parses and plans the SQL each time, about 0.9 ms of CPU per voice-message POST and a
// large share of the worker's cost per NOTIFY (measured with bench/cpu-per-request.ts). Prisma's
// SQL for one query shape is the same string every time (values travel as parameters), so a
// statement prepared once can serve every later call. better-sqlite3's `bind()` fixes the values
// on the statement for good, so the cache hands the adapter a light handle that carries the
// values and passes them to each call instead.
//
// Safe because better-sqlite3 runs a statement to completion synchronously (`all()`, `run()`; the
// adapter never iterates), so one cached statement is never in use twice at a time; SQLite
// re-prepares a statement by itself when the schema changed under it.

/** The part of better-sqlite3's Statement the adapter uses. */
interface Statement {
  readonly reader: boolean;
  columns(): unknown[];
  raw(on?: boolean): Statement;
  all(...args: unknown[]): unknown[];
  run(...args: unknown[]): unknown;
}

interface Connection {
  prepare(sql: string): unknown;
}

/** What the adapter gets back from `prepare`: a statement with its values, bound later. */
interface BoundHandle {
  readonly reader: boolean;
  bind(args: unknown[]): BoundHandle;
  columns(): unknown[];
  raw(): { all(): unknown[] };
  run(): unknown;
}

function handle(stmt: Statement, args: unknown[]): BoundHandle {
  return {
    reader: stmt.reader,
    bind: (values) => handle(stmt, values),
    columns: () => stmt.columns(),
    // The adapter reads rows only in raw (array) form; the mode sticks to the cached statement.
    raw: () => ({ all: () => stmt.raw(true).all(...args) }),
    run: () => stmt.run(...args),
  };
}

/** Statements by SQL text, prepared on first use; least recently used evicted past `max`. */
export function statementCache<S>(prepare: (sql: string) => S, max = 500): (sql: string) => S {
  const cache = new Map<string, S>();
  return (sql: string) => {
    let stmt = cache.get(sql);
    if (stmt) {
      cache.delete(sql);
    } else {
      stmt = prepare(sql);
      if (cache.size >= max) cache.delete(cache.keys().next().value as string);
    }
    cache.set(sql, stmt);
    return stmt;
  };
}

/**
 * Makes `conn.prepare` reuse statements by SQL text (generated SQL with variable-length IN lists
 * or VALUES rows gives many distinct texts, hence the bound). Returns the original `prepare`.
 */
export function cachePreparedStatements(conn: Connection, max = 500): (sql: string) => unknown {
  const original = conn.prepare.bind(conn);
  const cached = statementCache(original as (sql: string) => Statement, max);
  conn.prepare = (sql: string) => handle(cached(sql), []);
  return original;
}
