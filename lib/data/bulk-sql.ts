// Bulk writes for the MWI refresh/resync paths, as plain multi-row SQL. Through this Prisma setup
// (query compiler + driver adapter) every row of a createMany and every updateMany is its own
// round trip, ~0.3–1 ms each: fine for a change, far too slow for 100,000 lamps. These helpers
// write hundreds of rows per statement, in either dialect: SQL is written once with `?`
// placeholders and `valuesList` column types, and `sqlFor` turns it into what the database of
// this process (DATABASE_URL) takes. Values are stored exactly as Prisma stores them, so Prisma
// reads them back unchanged.
import { env } from "../env";
import { randomHex } from "../random-hex";

/** The database of this process: decides placeholders, casts and the few dialect functions. */
export const dialect: "sqlite" | "postgresql" = env.isPostgres ? "postgresql" : "sqlite";

/**
 * A DateTime parameter. SQLite: Prisma's text form, ISO-8601 UTC with an explicit offset.
 * PostgreSQL: the same text, read into Prisma's `timestamp(3)` (UTC, the offset ignored).
 */
export function sqlDate(d: Date): string {
  return d.toISOString().replace("Z", "+00:00");
}

// A DateTime's text with no zone is UTC: PostgreSQL's timestamp(3) in JSON, and SQLite's
// CURRENT_TIMESTAMP default ("YYYY-MM-DD HH:MM:SS"), which Prisma reads as UTC too.
const HAS_ZONE = /(?:Z|[+-]\d\d:?\d\d)$/i;

/** A Boolean read by raw SQL: 0/1 on SQLite (a BigInt through Prisma), true/false on PostgreSQL. */
export function fromSqlBool(v: unknown): boolean {
  return v === true || Number(v) === 1;
}

/** A DateTime read by raw SQL (a Date on PostgreSQL, stored text on SQLite), as the Date Prisma would give. */
export function fromSqlDate(v: unknown, column: string): Date {
  const d = v instanceof Date ? v
    : typeof v === "string" ? new Date(HAS_ZONE.test(v) ? v : `${v.replace(" ", "T")}Z`)
      : typeof v === "number" ? new Date(v) : new Date(NaN);
  if (Number.isNaN(d.getTime())) throw new Error(`${column}: not a date: ${String(v)}`);
  return d;
}

/** A Boolean parameter: SQLite stores 0/1; PostgreSQL wants a boolean. */
export function sqlBool(b: boolean): number | boolean {
  return dialect === "postgresql" ? b : b ? 1 : 0;
}

/** A unique row id (the same alphabet and length class as Prisma's cuid()). */
export function newRowId(): string {
  return `c${Date.now().toString(36)}${randomHex(9)}`.slice(0, 25);
}

/** A new row id computed by the database, for INSERT … SELECT. */
export function newRowIdSql(): string {
  return dialect === "postgresql" ? `'r' || replace(gen_random_uuid()::text, '-', '')` : `'r' || lower(hex(randomblob(12)))`;
}

/** Column types of a VALUES list; PostgreSQL needs them where no target column gives one (CTEs). */
export type SqlType = "text" | "int" | "bool" | "timestamp";
const PG_CAST: Record<SqlType, string> = { text: "::text", int: "::integer", bool: "::boolean", timestamp: "::timestamp(3)" };

/** One placeholder, typed on PostgreSQL (where an INSERT … SELECT or a CTE gives it no type). */
export function param(type: SqlType): string {
  return dialect === "postgresql" ? `?${PG_CAST[type]}` : "?";
}

/** "(?,?,?),(?,?,?)" for `rows` rows of `cols` values (typed on PostgreSQL when `types` are given). */
export function valuesList(rows: number, cols: number | readonly SqlType[]): string {
  const types = typeof cols === "number" ? undefined : cols;
  const n = typeof cols === "number" ? cols : cols.length;
  const cell = (i: number) => (dialect === "postgresql" && types ? `?${PG_CAST[types[i]]}` : "?");
  const one = `(${Array.from({ length: n }, (_, i) => cell(i)).join(",")})`;
  return new Array(rows).fill(one).join(",");
}

/**
 * The statement for this database: `?` placeholders become `$1, $2, …` on PostgreSQL. (Our SQL
 * never has a `?` inside a string literal or a JSON operator.)
 */
export function sqlFor(sql: string): string {
  if (dialect !== "postgresql") return sql;
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

/** Splits rows so one statement stays well under the bound-parameter limit (SQLite 32,766; PostgreSQL 65,535). */
export function chunks<T>(rows: readonly T[], cols: number, maxParams = 16_000): T[][] {
  const size = Math.max(1, Math.floor(maxParams / cols));
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

// ---------- a batch's values as one JSON parameter ----------
//
// The hot statements of a resync (a batch's reads and its completion) take their hundreds of ids
// and rows as ONE JSON text parameter that the database expands into rows, instead of a `?` per
// value: with this Prisma setup every bound value costs JS work and garbage (mapping, binding,
// and a long statement to parse), which was a large part of a batch's database time. There is no
// bound-parameter limit to chunk for either; rows are still split (chunks()) so that one
// statement stays a bounded size.

/** Row values for jsonRows, in its column order (Dates as sqlDate text, Booleans as sqlBool). */
export type JsonCell = string | number | boolean | null;

/**
 * A FROM-able subquery "(SELECT … ) AS alias" of the rows in one JSON parameter (an array of
 * arrays, in `cols` order), typed as `cols` say. One `?` placeholder: pass JSON.stringify(rows).
 */
export function jsonRows(alias: string, cols: readonly (readonly [name: string, type: SqlType])[]): string {
  if (dialect === "postgresql") {
    const PG: Record<SqlType, string> = { text: "text", int: "integer", bool: "boolean", timestamp: "timestamp(3)" };
    return `(SELECT ${cols.map(([c, t], i) => `(e->>${i})::${PG[t]} AS "${c}"`).join(", ")} FROM json_array_elements(?::json) e) AS ${alias}`;
  }
  // SQLite: ->> gives a JSON number as INTEGER and a string as TEXT, which is how Prisma stores
  // Int, Boolean (0/1, from sqlBool) and DateTime (sqlDate text) columns.
  return `(SELECT ${cols.map(([c], i) => `value->>${i} AS "${c}"`).join(", ")} FROM json_each(?)) AS ${alias}`;
}

/** "IN (…)" over the ids in one JSON parameter (an array of strings). One `?`: pass JSON.stringify(ids). */
export function inJsonIds(): string {
  return dialect === "postgresql" ? `IN (SELECT json_array_elements_text(?::json))` : `IN (SELECT value FROM json_each(?))`;
}
