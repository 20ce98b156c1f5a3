// Opening, probing and closing the process's database connection, for long-running processes
// (the sip-worker) that must not import the Prisma client outside lib/data.
import { db, dbReady } from "../db";

/** WAL and pragmas; call once at start-up after migrations. */
export function prepareDatabase(): Promise<void> {
  return dbReady();
}

/** Health probe: true when a trivial query answers. */
export async function pingDatabase(): Promise<boolean> {
  try {
    await db.$queryRawUnsafe("SELECT 1");
    return true;
  } catch {
    return false;
  }
}

export function disconnectDatabase(): Promise<void> {
  return db.$disconnect();
}
