// The checkpointer thread against a real SQLite file: with the writer never checkpointing itself,
// the pages it commits reach the database file only through the thread.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { startWalCheckpointer } from "./wal-checkpointer";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lamplighter-wal-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("startWalCheckpointer", () => {
  it("copies committed WAL pages into the database file from its thread", async () => {
    const file = path.join(dir, "w.db");
    const writer = new Database(file);
    for (const pragma of ["PRAGMA journal_mode=WAL", "PRAGMA wal_autocheckpoint=0", "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)"]) {
      writer.prepare(pragma).run();
    }
    const insert = writer.prepare("INSERT INTO t (v) VALUES (?)");
    writer.transaction(() => { for (let i = 0; i < 2_000; i++) insert.run("x".repeat(200)); })();
    const before = fs.statSync(file).size;
    expect(fs.statSync(`${file}-wal`).size).toBeGreaterThan(300_000); // the rows are in the log only

    const errors: string[] = [];
    const checkpointer = startWalCheckpointer({ file, intervalMs: 20, onError: (m) => errors.push(m) });
    const deadline = Date.now() + 5_000;
    while (fs.statSync(file).size <= before + 300_000 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    await checkpointer.stop();
    expect(fs.statSync(file).size).toBeGreaterThan(before + 300_000);
    expect(errors).toEqual([]);
    writer.close();
  });
});
