// The statement cache against a real better-sqlite3 connection, used the way Prisma's adapter
// uses it: prepare → bind(values) → run / columns + raw().all().
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { cachePreparedStatements } from "./sqlite-statement-cache";

interface Handle {
  reader: boolean;
  bind(args: unknown[]): Handle;
  columns(): { name: string }[];
  raw(): { all(): unknown[][] };
  run(): { changes: number };
}

function connection() {
  const conn = new Database(":memory:");
  const real = conn.prepare.bind(conn);
  let prepared = 0;
  (conn as unknown as { prepare(sql: string): unknown }).prepare = (sql: string) => {
    prepared++;
    return real(sql);
  };
  real("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)").run();
  const prep = (sql: string) => (conn.prepare as unknown as (sql: string) => Handle)(sql);
  return { conn, prep, prepared: () => prepared };
}

describe("cachePreparedStatements", () => {
  it("prepares a statement once and runs it with each call's own values", () => {
    const { conn, prep, prepared } = connection();
    cachePreparedStatements(conn);
    for (let i = 1; i <= 3; i++) expect(prep("INSERT INTO t (id, name) VALUES (?, ?)").bind([i, `n${i}`]).run().changes).toBe(1);
    const read = (id: number) => {
      const h = prep("SELECT id, name FROM t WHERE id = ?").bind([id]);
      return { reader: h.reader, columns: h.columns().map((c) => c.name), rows: h.raw().all() };
    };
    expect(read(2)).toEqual({ reader: true, columns: ["id", "name"], rows: [[2, "n2"]] });
    expect(read(3).rows).toEqual([[3, "n3"]]);
    expect(prepared()).toBe(2);
    // A failing run leaves the statement usable (a constraint error, then a good insert).
    expect(() => prep("INSERT INTO t (id, name) VALUES (?, ?)").bind([1, "dup"]).run()).toThrow(/UNIQUE/);
    expect(prep("INSERT INTO t (id, name) VALUES (?, ?)").bind([4, "n4"]).run().changes).toBe(1);
    expect(prepared()).toBe(2);
  });

  it("runs unbound statements (BEGIN) and evicts the least recently used past its size", () => {
    const { conn, prep, prepared } = connection();
    cachePreparedStatements(conn, 2);
    prep("BEGIN").run();
    prep("INSERT INTO t (id) VALUES (?)").bind([1]).run();
    prep("COMMIT").run();
    expect(prepared()).toBe(3);
    prep("COMMIT"); // still cached (most recent): no prepare
    expect(prepared()).toBe(3);
    prep("BEGIN"); // evicted by the INSERT and COMMIT: prepared again
    expect(prepared()).toBe(4);
    expect(prep("SELECT count(*) AS n FROM t").raw().all()).toEqual([[1]]);
  });
});
