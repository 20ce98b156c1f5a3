import type { Prisma } from "../generated/sqlite/client";
import { db } from "../db";
import type { Tx } from "./transaction";
import { containsText } from "./text-search";

export type DialPlanRow = Prisma.UmDialPlanGetPayload<object>;

export function listDialPlans(opts: { q?: string; skip: number; take: number }) {
  const where: Prisma.UmDialPlanWhereInput = opts.q ? { name: containsText(opts.q) } : {};
  return db.$transaction([
    db.umDialPlan.findMany({ where, orderBy: { name: "asc" }, skip: opts.skip, take: opts.take }),
    db.umDialPlan.count({ where }),
  ]);
}

export function findDialPlan(id: string, tx: Tx = db) {
  return tx.umDialPlan.findUnique({ where: { id } });
}

export function createDialPlan(data: Prisma.UmDialPlanUncheckedCreateInput, tx: Tx) {
  return tx.umDialPlan.create({ data });
}

export function updateDialPlan(id: string, data: Prisma.UmDialPlanUncheckedUpdateInput, tx: Tx) {
  return tx.umDialPlan.update({ where: { id }, data });
}

export function deleteDialPlan(id: string, tx: Tx) {
  return tx.umDialPlan.delete({ where: { id } });
}

export async function dialPlanUsage(id: string, tx: Tx = db) {
  const [policies, mailboxes] = await Promise.all([
    tx.umMailboxPolicy.count({ where: { dialPlanId: id } }),
    tx.umMailbox.count({ where: { dialPlanId: id } }),
  ]);
  return { policies, mailboxes };
}

export function countDialPlans(ids: string[], tx: Tx = db) {
  return tx.umDialPlan.count({ where: { id: { in: ids } } });
}
