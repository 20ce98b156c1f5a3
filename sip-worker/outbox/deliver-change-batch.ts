// The lamp changes of one claim, delivered together: coalescing and the reads a delivery decides
// on are done once for the whole claim (one statement each, lib/data/mwi-delivery-batch.ts and
// loadDeliveryContexts) instead of a few statements per mailbox; then each mailbox's delivery
// runs the same gateway loop as a lone one (deliverPrepared), so failover, retries and events
// are unchanged. Under load a claim holds many changes, so the per-change database work shrinks
// as the rate grows.
import { supersedeOtherPendingRowsOf } from "../../lib/data/mwi-delivery-batch";
import type { ClaimedOutboxRow } from "../../lib/data/mwi-delivery";
import { loadDeliveryContexts } from "../../lib/data/mwi-refresh";
import { deliverPrepared, releasedOnError, type DeliveryDeps, type DeliveryOutcome, type PreparedDelivery } from "./deliver-mwi";

/** Delivers each group (the rows claimed for one mailbox, oldest first); one outcome per group, in order. */
export function deliverChangeBatch(groups: readonly (readonly ClaimedOutboxRow[])[], deps: DeliveryDeps): Promise<DeliveryOutcome>[] {
  // The newest row of a mailbox carries its delivery; the rest are superseded by it.
  const carriers = groups.map((rows) => rows[rows.length - 1]);
  const prepared = prepare(carriers, deps);
  return carriers.map((carrier) => releasedOnError(carrier, deps, async () => {
    const p = (await prepared).get(carrier.mailboxId);
    if (!p) throw new Error(`no prepared delivery for mailbox ${carrier.mailboxId}`);
    return deliverPrepared(p, deps);
  }));
}

async function prepare(carriers: readonly ClaimedOutboxRow[], deps: DeliveryDeps): Promise<Map<string, PreparedDelivery>> {
  const now = deps.now ?? (() => new Date());
  const coalesced = await supersedeOtherPendingRowsOf(
    carriers.map((c) => ({ mailboxId: c.mailboxId, carrierId: c.id })), deps.workerId, now(),
  );
  if (coalesced.size > 0) deps.logger.debug({ mailboxes: coalesced.size }, "coalesced older MWI rows");
  // Read AFTER coalescing: whatever state the superseded rows announced is visible now.
  const contexts = await loadDeliveryContexts(carriers.map((c) => c.mailboxId));
  return new Map(carriers.map((carrier) => {
    const kinds = coalesced.get(carrier.mailboxId) ?? [];
    return [carrier.mailboxId, {
      carrier,
      finalOffRequested: carrier.kind === "final-off" || kinds.includes("final-off"),
      ctx: contexts.get(carrier.mailboxId) ?? null,
    }];
  }));
}
