// The isolation fix against a real SQLite file: what a plain statement would do to (and see of)
// another request's open transaction without it.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { isolatedSqliteAdapter } from "./sqlite-adapter";

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
