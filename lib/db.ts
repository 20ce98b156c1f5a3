// The one Prisma client of a process, picked from DATABASE_URL. Only lib/data/ imports this.
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "./generated/sqlite/client";
import { env } from "./env";

export type Db = PrismaClient;

function makeClient(url: string): PrismaClient {
  if (/^postgres(ql)?:\/\//.test(url)) {
    throw new Error("PostgreSQL support arrives with the scale-out work; use a file: DATABASE_URL for now");
  }
  // busy timeout: web and sip-worker write the same file; wait for the lock instead of failing.
  return new PrismaClient({ adapter: new PrismaBetterSqlite3({ url, timeout: 10_000 }) });
}

const g = globalThis as unknown as { __lamplighterDb?: PrismaClient; __lamplighterDbReady?: Promise<void> };

export const db: PrismaClient = g.__lamplighterDb ?? makeClient(env.databaseUrl);
g.__lamplighterDb = db;

/** Per-connection settings. (WAL itself is set once in the file by the migration step.) */
export function dbReady(): Promise<void> {
  g.__lamplighterDbReady ??= (async () => {
    if (!env.isPostgres) {
      // NORMAL is durable in WAL mode except for the last commits on power loss, not on a crash.
      await db.$executeRawUnsafe("PRAGMA synchronous=NORMAL");
    }
  })();
  return g.__lamplighterDbReady;
}
