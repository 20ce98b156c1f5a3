import type { Tx } from "./transaction";

export async function mailboxIdsForPolicy(policyId: string, tx: Tx) {
  const rows = await tx.umMailbox.findMany({ where: { umMailboxPolicyId: policyId }, select: { id: true } });
  return rows.map((r) => r.id);
}

export async function mailboxIdsForDialPlans(dialPlanIds: string[], tx: Tx) {
  const rows = await tx.umMailbox.findMany({ where: { dialPlanId: { in: dialPlanIds } }, select: { id: true } });
  return rows.map((r) => r.id);
}

/** One outbox row per mailbox at its current state version (mailboxes with no state yet get version 0). */
export async function enqueueForMailboxes(mailboxIds: string[], kind: string, tx: Tx) {
  let n = 0;
  for (let i = 0; i < mailboxIds.length; i += 500) {
    const chunk = mailboxIds.slice(i, i + 500);
    const states = await tx.mwiState.findMany({ where: { mailboxId: { in: chunk } }, select: { mailboxId: true, version: true } });
    const version = new Map(states.map((s) => [s.mailboxId, s.version]));
    const r = await tx.mwiOutbox.createMany({ data: chunk.map((mailboxId) => ({ mailboxId, kind, stateVersion: version.get(mailboxId) ?? 0 })) });
    n += r.count;
  }
  return n;
}
