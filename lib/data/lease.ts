// Outbox rows (MWI and SMS) are claimed under a lease: a row is free to take when nobody holds
// it, or its holder's lease ran out (a crashed worker). One definition for every claim query.
export function leaseFree(now: Date) {
  return { OR: [{ claimedBy: null }, { leaseUntil: null }, { leaseUntil: { lt: now } }] };
}
