// Bulk writes for the MWI refresh/resync paths, as plain multi-row SQL. Through this Prisma setup
// (query compiler + driver adapter) every row of a createMany and every updateMany is its own
// round trip, ~0.3–1 ms each: fine for a change, far too slow for 100,000 lamps. These helpers
// write hundreds of rows per statement. SQLite dialect (the embedded default); values are stored
// exactly as Prisma stores them, so Prisma reads them back unchanged.
import { randomBytes } from "node:crypto";

/** Prisma's SQLite DateTime text: ISO-8601 UTC with an explicit offset. */
export function sqlDate(d: Date): string {
  return d.toISOString().replace("Z", "+00:00");
}

/** A unique row id (the same alphabet and length class as Prisma's cuid()). */
export function newRowId(): string {
  return `c${Date.now().toString(36)}${randomBytes(9).toString("hex")}`.slice(0, 25);
}

/** "(?,?,?),(?,?,?)" for `rows` rows of `cols` values. */
export function valuesList(rows: number, cols: number): string {
  const one = `(${new Array(cols).fill("?").join(",")})`;
  return new Array(rows).fill(one).join(",");
}

/** Splits rows so one statement stays well under SQLite's bound-parameter limit. */
export function chunks<T>(rows: readonly T[], cols: number, maxParams = 16_000): T[][] {
  const size = Math.max(1, Math.floor(maxParams / cols));
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}
