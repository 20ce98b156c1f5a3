// Outbox rows (MWI and SMS) are claimed under a lease: a row is free to take when nobody holds
// it, or its holder's lease ran out (a crashed worker). One definition for every claim query.
import { param } from "./bulk-sql";

export function leaseFree(now: Date) {
  return { OR: [{ claimedBy: null }, { leaseUntil: null }, { leaseUntil: { lt: now } }] };
}

/** The same condition in SQL, for the one-statement claims (claim-rows.ts); one `now` parameter. */
export function leaseFreeSql(alias: string): string {
  return `(${alias}."claimedBy" IS NULL OR ${alias}."leaseUntil" IS NULL OR ${alias}."leaseUntil" < ${param("timestamp")})`;
}
