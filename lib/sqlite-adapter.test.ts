// The isolation fix against a real SQLite file: what a plain statement would do to (and see of)
// another request's open transaction without it.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { isolatedSqliteAdapter, sqliteConnection } from "./sqlite-adapter";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lamplighter-adapter-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const q = (sql: string) => ({ sql, args: [], argTypes: [] });

describe("isolatedSqliteAdapter", () => {
  it("keeps plain statements out of another request's open transaction", async () => {
    const adapter = await isolatedSqliteAdapter(`file:${path.join(dir, "a.db")}`, 1_000).connect();
    await adapter.executeScript(`CREATE TABLE t (id INTEGER PRIMARY KEY)`);

    const tx = await adapter.startTransaction();
    await tx.executeRaw(q("INSERT INTO t (id) VALUES (1)"));
    let readDone = false;
    const read = adapter.queryRaw(q("SELECT count(*) AS n FROM t")).then((r) => { readDone = true; return r; });
    const write = adapter.executeRaw(q("INSERT INTO t (id) VALUES (2)"));
    await new Promise((r) => setTimeout(r, 20));
    expect(readDone).toBe(false); // waits for the transaction instead of reading its rows

    await tx.executeRaw(q("ROLLBACK"));
    await tx.rollback();
    // The read saw the committed state only, and the other request's write survived the rollback.
    expect(Number((await read).rows[0][0])).toBe(0);
    expect(await write).toBe(1);
    const after = await adapter.queryRaw(q("SELECT id FROM t ORDER BY id"));
    expect(after.rows.map((r) => Number(r[0]))).toEqual([2]);
    await adapter.dispose();
  });
});

describe("sqliteConnection (the direct path on the adapter's connection)", () => {
  async function open(name: string) {
    const url = `file:${path.join(dir, name)}`;
    const adapter = await isolatedSqliteAdapter(url, 1_000).connect();
    await adapter.executeScript(`CREATE TABLE t (id INTEGER PRIMARY KEY)`);
    const conn = sqliteConnection(url)!;
    const ids = async () => (await adapter.queryRaw(q("SELECT id FROM t ORDER BY id"))).rows.map((r) => Number(r[0]));
    return { adapter, conn, ids };
  }

  it("runs an exclusive transaction only after Prisma's open one, and keeps their writes apart", async () => {
    const { adapter, conn, ids } = await open("b.db");
    expect(conn.idle()).toBe(true);
    const tx = await adapter.startTransaction();
    await tx.executeRaw(q("INSERT INTO t (id) VALUES (1)"));
    expect(conn.idle()).toBe(false);
    let ran = false;
    const direct = conn.exclusive(async () => {
      ran = true;
      conn.statement("INSERT INTO t (id) VALUES (?)").run(2);
    });
    await new Promise((r) => setTimeout(r, 20));
    expect(ran).toBe(false); // waits its turn instead of writing into the open transaction
    await tx.executeRaw(q("ROLLBACK"));
    await tx.rollback();
    await direct;
    expect(await ids()).toEqual([2]);
    await adapter.dispose();
  });

  it("keeps Prisma's plain statements out of an exclusive transaction, and rolls it back on error", async () => {
    const { adapter, conn, ids } = await open("c.db");
    let finish!: () => void;
    const held = new Promise<void>((r) => { finish = r; });
    const failing = conn.exclusive(async () => {
      conn.statement("INSERT INTO t (id) VALUES (?)").run(1);
      await held;
      throw new Error("work failed");
    });
    await new Promise((r) => setTimeout(r, 5));
    let readDone = false;
    const read = adapter.queryRaw(q("SELECT count(*) AS n FROM t")).then((r) => { readDone = true; return Number(r.rows[0][0]); });
    await new Promise((r) => setTimeout(r, 20));
    expect(readDone).toBe(false);
    finish();
    await expect(failing).rejects.toThrow("work failed");
    expect(await read).toBe(0); // never saw the uncommitted row
    expect(await ids()).toEqual([]);
    // The connection is usable again: no transaction left open.
    await conn.exclusive(async () => { conn.statement("INSERT INTO t (id) VALUES (?)").run(3); });
    expect(await ids()).toEqual([3]);
    expect(conn.statement("SELECT id FROM t").all()).toEqual([{ id: 3 }]); // plain numbers, not BigInt
    await adapter.dispose();
  });
});
