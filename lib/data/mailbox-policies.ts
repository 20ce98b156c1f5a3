import type { Prisma } from "../generated/sqlite/client";
import { db } from "../db";
import type { Tx } from "./transaction";
import { containsText } from "./text-search";

export function listMailboxPolicies(opts: { q?: string; dialPlanId?: string; skip: number; take: number }) {
  const where: Prisma.UmMailboxPolicyWhereInput = {
    ...(opts.q ? { name: containsText(opts.q) } : {}),
    ...(opts.dialPlanId ? { dialPlanId: opts.dialPlanId } : {}),
  };
  return db.$transaction([
    db.umMailboxPolicy.findMany({ where, orderBy: { name: "asc" }, skip: opts.skip, take: opts.take }),
    db.umMailboxPolicy.count({ where }),
  ]);
}

export function findMailboxPolicy(id: string, tx: Tx = db) {
  return tx.umMailboxPolicy.findUnique({ where: { id } });
}

export function createMailboxPolicy(data: Prisma.UmMailboxPolicyUncheckedCreateInput, tx: Tx) {
  return tx.umMailboxPolicy.create({ data });
}

export function updateMailboxPolicy(id: string, data: Prisma.UmMailboxPolicyUncheckedUpdateInput, tx: Tx) {
  return tx.umMailboxPolicy.update({ where: { id }, data });
}

export function deleteMailboxPolicy(id: string, tx: Tx) {
  return tx.umMailboxPolicy.delete({ where: { id } });
}

export function countPolicyMailboxes(id: string, tx: Tx = db) {
  return tx.umMailbox.count({ where: { umMailboxPolicyId: id } });
}
