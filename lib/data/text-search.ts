// "Contains" as an admin typing into a search box means it: case-insensitive. SQLite's LIKE
// already ignores ASCII case; PostgreSQL's LIKE does not, so there the filter asks for ILIKE.
import type { Prisma } from "../generated/sqlite/client";
import { dialect } from "./bulk-sql";

export function containsText(q: string): Prisma.StringFilter {
  // `mode` exists only in the PostgreSQL client's types; both clients share these queries.
  return (dialect === "postgresql" ? { contains: q, mode: "insensitive" } : { contains: q }) as Prisma.StringFilter;
}
