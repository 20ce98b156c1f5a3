// The SQLite wake-up against a real file written by a second connection, as the web writes it.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lamplighter-wake-"));
const file = path.join(dir, "wake.db");
process.env.DATABASE_URL = `file:${file}`;
const { watchOutboxChanges } = await import("./outbox-wake");

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let writer: Database;

beforeAll(() => {
  writer = new Database(file);
  (writer.prepare("PRAGMA journal_mode = WAL") as unknown as { get(): unknown }).get();
  writer.prepare(`CREATE TABLE "MwiOutbox" ("id" TEXT NOT NULL PRIMARY KEY, "status" TEXT NOT NULL DEFAULT 'pending')`).run();
  writer.prepare(`CREATE TABLE "Other" ("id" TEXT NOT NULL PRIMARY KEY)`).run();
});

afterAll(() => {
  writer.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("watchOutboxChanges (SQLite)", () => {
  it("calls back soon after another connection commits an outbox row, and not for other writes", async () => {
    let calls = 0;
    const stop = watchOutboxChanges(() => { calls++; }, { intervalMs: 2 });
    try {
      await sleep(20);
      expect(calls).toBe(0);

      writer.prepare(`INSERT INTO "Other" ("id") VALUES ('x')`).run();
      writer.prepare(`INSERT INTO "MwiOutbox" ("id") VALUES ('a')`).run();
      writer.prepare(`UPDATE "MwiOutbox" SET "status" = 'delivered'`).run();
      await sleep(30);
      expect(calls).toBe(1);

      // Updates (the worker completing rows) and other tables don't wake anyone.
      writer.prepare(`UPDATE "MwiOutbox" SET "status" = 'pending'`).run();
      writer.prepare(`INSERT INTO "Other" ("id") VALUES ('y')`).run();
      await sleep(30);
      expect(calls).toBe(1);

      // Rows inside an open transaction are not visible yet; the commit is what wakes.
      writer.prepare("BEGIN IMMEDIATE").run();
      writer.prepare(`INSERT INTO "MwiOutbox" ("id") VALUES ('b')`).run();
      await sleep(30);
      expect(calls).toBe(1);
      writer.prepare("COMMIT").run();
      await sleep(30);
      expect(calls).toBe(2);
    } finally {
      stop();
    }
    writer.prepare(`INSERT INTO "MwiOutbox" ("id") VALUES ('c')`).run();
    await sleep(30);
    expect(calls).toBe(2);
  });

  it("reports a database it cannot open and returns a stop function that does nothing", () => {
    fs.renameSync(file, `${file}.moved`);
    try {
      const errors: unknown[] = [];
      const stop = watchOutboxChanges(() => undefined, { onError: (e) => errors.push(e) });
      expect(errors).toHaveLength(1);
      stop();
    } finally {
      fs.renameSync(`${file}.moved`, file);
    }
  });
});
