// The one Prisma client of a process, picked from DATABASE_URL at run time, so one build serves
// both databases: SQLite (file:…, the embedded default) or PostgreSQL (postgres://…, scale-out).
// Only lib/data/ imports this.
//
// Both clients are generated from the same models (prisma/models.prisma); lib/data is written
// against the SQLite client's types, and the PostgreSQL client is used through that type. The two
// differ only in provider-specific extras (e.g. `mode: "insensitive"`), which lib/data adds where
// the provider needs them (see `dialect` in lib/data/bulk-sql.ts).
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/sqlite/client";
import { PrismaClient as PostgresPrismaClient } from "./generated/postgresql/client";
import { env } from "./env";
import { isolatedSqliteAdapter } from "./sqlite-adapter";

export type Db = PrismaClient;

function makeClient(url: string): PrismaClient {
  if (env.isPostgresUrl(url)) {
    const adapter = new PrismaPg({
      connectionString: url,
      // Per process; several web instances and workers share the server's max_connections.
      max: env.databasePoolSize,
      // A lost server must not hang a request for ever.
      connectionTimeoutMillis: 10_000,
    });
    return new PostgresPrismaClient({ adapter }) as unknown as PrismaClient;
  }
  // busy timeout: web and sip-worker write the same file; wait for the lock instead of failing.
  return new PrismaClient({ adapter: isolatedSqliteAdapter(url, 10_000) });
}

const g = globalThis as unknown as { __lamplighterDb?: PrismaClient; __lamplighterDbReady?: Promise<void> };

export const db: PrismaClient = g.__lamplighterDb ?? makeClient(env.databaseUrl);
g.__lamplighterDb = db;

/**
 * How long the WAL may grow (pages of 4 KiB) before a commit checkpoints it itself. The
 * sip-worker's checkpointer thread keeps it far shorter (lib/data/wal-checkpointer.ts); this is
 * the safety net for when no worker runs (SQLite's default is 1,000: a checkpoint every ~4 MB,
 * inside some request).
 */
const WAL_AUTOCHECKPOINT_PAGES = 10_000;

/** Per-connection settings. (WAL itself is set once in the file by the migration step.) */
export function dbReady(): Promise<void> {
  g.__lamplighterDbReady ??= (async () => {
    if (!env.isPostgres) {
      // NORMAL is durable in WAL mode except for the last commits on power loss, not on a crash.
      await db.$executeRawUnsafe("PRAGMA synchronous=NORMAL");
      await db.$queryRawUnsafe(`PRAGMA wal_autocheckpoint=${WAL_AUTOCHECKPOINT_PAGES}`);
    }
  })();
  return g.__lamplighterDbReady;
}
