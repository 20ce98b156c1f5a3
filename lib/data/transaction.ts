// Interactive transactions that survive a second writer. On SQLite (WAL) a transaction that read
// and then writes fails at once with SQLITE_BUSY(_SNAPSHOT) if the other process committed in
// between (the busy timeout cannot help there); Prisma reports it as P1008. Retrying the whole
// unit of work is the documented remedy. PostgreSQL (READ COMMITTED) can fail a transaction
// the same way when two of them wait on each other's rows (deadlock, 40P01) or on a
// serialization failure (40001); Prisma reports P2034. The same retry applies.
import type { Prisma } from "../generated/sqlite/client";
import { db } from "../db";

export type Tx = Prisma.TransactionClient;

export function isBusy(e: unknown): boolean {
  const err = e as { code?: string; message?: string };
  return err?.code === "P1008" || err?.code === "P2034"
    || /SQLITE_BUSY|database is locked|SocketTimeout|deadlock detected|could not serialize access|40P01|40001/i.test(String(err?.message));
}

export async function transaction<T>(work: (tx: Tx) => Promise<T>, attempts = 8): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await db.$transaction(work, { timeout: 15_000, maxWait: 10_000 });
    } catch (e) {
      if (i >= attempts || !isBusy(e)) throw e;
      await new Promise((r) => setTimeout(r, 5 * 2 ** i + Math.random() * 20));
    }
  }
}
