// When a switch changes who gets a lamp, every affected mailbox gets its state sent again: a
// "refresh" where MWI may now be allowed, a "final-off" where it may now be disallowed, so the
// worker can send one last "Messages-Waiting: no" and no lamp is left stuck on.
import { enqueueForMailboxes, mailboxIdsForDialPlans, mailboxIdsForPolicy } from "../data/mwi-requeue";
import type { Tx } from "../data/transaction";

export type RequeueKind = "refresh" | "final-off";

export async function requeuePolicy(policyId: string, kind: RequeueKind, tx: Tx) {
  return enqueueForMailboxes(await mailboxIdsForPolicy(policyId, tx), kind, tx);
}

export async function requeueDialPlans(dialPlanIds: string[], kind: RequeueKind, tx: Tx) {
  if (dialPlanIds.length === 0) return 0;
  return enqueueForMailboxes(await mailboxIdsForDialPlans(dialPlanIds, tx), kind, tx);
}

export async function requeueMailbox(mailboxId: string, kind: RequeueKind, tx: Tx) {
  return enqueueForMailboxes([mailboxId], kind, tx);
}
