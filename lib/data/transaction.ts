// Interactive transactions that survive a second writer. On SQLite (WAL) a transaction that read
// and then writes fails at once with SQLITE_BUSY(_SNAPSHOT) if the other process committed in
// between (the busy timeout cannot help there); Prisma reports it as P1008. Retrying the whole
// unit of work is the documented remedy.
import type { Prisma } from "../generated/sqlite/client";
import { db } from "../db";

export type Tx = Prisma.TransactionClient;

function isBusy(e: unknown): boolean {
  const err = e as { code?: string; message?: string };
  return err?.code === "P1008" || /SQLITE_BUSY|database is locked|SocketTimeout/i.test(String(err?.message));
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
