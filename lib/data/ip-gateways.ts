import type { Prisma } from "../generated/sqlite/client";
import { db } from "../db";
import type { Tx } from "./transaction";
import { containsText } from "./text-search";

const withDialPlans = { dialPlans: { orderBy: { dialPlanOrder: "asc" } } } satisfies Prisma.UmIpGatewayInclude;
export type IpGatewayRow = Prisma.UmIpGatewayGetPayload<{ include: typeof withDialPlans }>;

/** With `dialPlanId`, the dial plan's gateways in the order MWI tries them; otherwise by name. */
export async function listIpGateways(opts: { q?: string; dialPlanId?: string; skip: number; take: number }): Promise<[IpGatewayRow[], number]> {
  const search: Prisma.UmIpGatewayWhereInput = opts.q ? { OR: [{ name: containsText(opts.q) }, { address: containsText(opts.q) }] } : {};
  if (opts.dialPlanId) {
    const where: Prisma.UmIpGatewayDialPlanWhereInput = { dialPlanId: opts.dialPlanId, gateway: search };
    const [links, total] = await db.$transaction([
      db.umIpGatewayDialPlan.findMany({ where, orderBy: { gatewayOrder: "asc" }, include: { gateway: { include: withDialPlans } }, skip: opts.skip, take: opts.take }),
      db.umIpGatewayDialPlan.count({ where }),
    ]);
    return [links.map((l) => l.gateway), total];
  }
  return db.$transaction([
    db.umIpGateway.findMany({ where: search, include: withDialPlans, orderBy: { name: "asc" }, skip: opts.skip, take: opts.take }),
    db.umIpGateway.count({ where: search }),
  ]);
}

export function findIpGateway(id: string, tx: Tx = db) {
  return tx.umIpGateway.findUnique({ where: { id }, include: withDialPlans });
}

export function createIpGateway(data: Prisma.UmIpGatewayUncheckedCreateInput, tx: Tx) {
  return tx.umIpGateway.create({ data, include: withDialPlans });
}

export function updateIpGateway(id: string, data: Prisma.UmIpGatewayUncheckedUpdateInput, tx: Tx) {
  return tx.umIpGateway.update({ where: { id }, data, include: withDialPlans });
}

export function deleteIpGateway(id: string, tx: Tx) {
  return tx.umIpGateway.delete({ where: { id } });
}

/**
 * Makes the gateway serve exactly `dialPlanIds`, in that order. A dial plan newly linked gets the
 * gateway at the end of its try-order; links that stay keep their place in the dial plan's order.
 */
export async function setGatewayDialPlans(gatewayId: string, dialPlanIds: string[], tx: Tx) {
  const current = await tx.umIpGatewayDialPlan.findMany({ where: { gatewayId } });
  const keep = new Map(current.map((l) => [l.dialPlanId, l]));
  await tx.umIpGatewayDialPlan.deleteMany({ where: { gatewayId, dialPlanId: { notIn: dialPlanIds } } });
  for (const [i, dialPlanId] of dialPlanIds.entries()) {
    const existing = keep.get(dialPlanId);
    if (existing) {
      await tx.umIpGatewayDialPlan.update({ where: { gatewayId_dialPlanId: { gatewayId, dialPlanId } }, data: { dialPlanOrder: i } });
    } else {
      const last = await tx.umIpGatewayDialPlan.aggregate({ where: { dialPlanId }, _max: { gatewayOrder: true } });
      await tx.umIpGatewayDialPlan.create({
        data: { gatewayId, dialPlanId, dialPlanOrder: i, gatewayOrder: (last._max.gatewayOrder ?? -1) + 1 },
      });
    }
  }
}

/** The gateways a dial plan tries, in order. */
export function dialPlanGateways(dialPlanId: string, tx: Tx = db) {
  return tx.umIpGatewayDialPlan.findMany({
    where: { dialPlanId }, orderBy: { gatewayOrder: "asc" }, include: { gateway: true },
  });
}

/** Rewrites a dial plan's gateway try-order; `gatewayIds` must be exactly its linked gateways. */
export async function setDialPlanGatewayOrder(dialPlanId: string, gatewayIds: string[], tx: Tx) {
  for (const [i, gatewayId] of gatewayIds.entries()) {
    await tx.umIpGatewayDialPlan.update({ where: { gatewayId_dialPlanId: { gatewayId, dialPlanId } }, data: { gatewayOrder: i } });
  }
}
