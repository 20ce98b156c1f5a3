import type { Prisma } from "../generated/sqlite/client";
import { db } from "../db";
import { fromSqlBool, sqlFor } from "./bulk-sql";
import { sql } from "./sql";
import type { Tx } from "./transaction";
import { containsText } from "./text-search";

const withPhone = { textSetup: { select: { verified: true } } } satisfies Prisma.UmMailboxInclude;

/**
 * Digits search extensions by prefix as an index range (an admin typing "40" wants 40xx); other
 * text matches name, alias or email anywhere.
 */
function searchMailboxes(q: string): Prisma.UmMailboxWhereInput {
  if (/^\d+$/.test(q)) return { extension: { gte: q, lt: `${q}:` } }; // ":" sorts right after "9"
  return { OR: [{ displayName: containsText(q) }, { alias: containsText(q) }, { email: containsText(q) }] };
}

export type MailboxSort = "displayName" | "alias" | "extension" | "email";

export function listMailboxes(opts: {
  q?: string; umMailboxPolicyId?: string; dialPlanId?: string; skip: number; take: number;
  sort?: MailboxSort; order?: "asc" | "desc";
}) {
  const where: Prisma.UmMailboxWhereInput = {
    ...(opts.q ? searchMailboxes(opts.q) : {}),
    ...(opts.umMailboxPolicyId ? { umMailboxPolicyId: opts.umMailboxPolicyId } : {}),
    ...(opts.dialPlanId ? { dialPlanId: opts.dialPlanId } : {}),
  };
  return db.$transaction([
    db.umMailbox.findMany({
      where, include: withPhone, skip: opts.skip, take: opts.take,
      orderBy: [{ [opts.sort ?? "displayName"]: opts.order ?? "asc" }, { id: "asc" }],
    }),
    db.umMailbox.count({ where }),
  ]);
}

export function findMailbox(id: string, tx: Tx = db) {
  return tx.umMailbox.findUnique({ where: { id }, include: withPhone });
}

/** By id or alias: voice-mail platforms know the alias, scripts the id. */
export function findMailboxByIdOrAlias(idOrAlias: string, tx: Tx = db) {
  return tx.umMailbox.findFirst({ where: { OR: [{ id: idOrAlias }, { alias: idOrAlias }] }, include: withPhone });
}

/** The few fields a voice-message post needs (its hot path: one plain statement, see voice-messages.ts). */
export interface MailboxRef {
  id: string;
  alias: string;
  umEnabled: boolean;
  userId: string | null;
}

/** A mailbox by id or alias (an id wins over another mailbox's equal alias), as a MailboxRef. */
export async function findMailboxRef(idOrAlias: string): Promise<MailboxRef | null> {
  const [r] = await sql.query<{ id: string; alias: string; umEnabled: unknown; userId: string | null }>(sqlFor(
    `SELECT "id", "alias", "umEnabled", "userId" FROM "UmMailbox" WHERE "id" = ? OR "alias" = ?
     ORDER BY CASE WHEN "id" = ? THEN 0 ELSE 1 END LIMIT 1`),
    idOrAlias, idOrAlias, idOrAlias,
  );
  return r ? { id: r.id, alias: r.alias, umEnabled: fromSqlBool(r.umEnabled), userId: r.userId } : null;
}

export function findMailboxByUserId(userId: string, tx: Tx = db) {
  return tx.umMailbox.findUnique({ where: { userId }, include: withPhone });
}

export function findMailboxConflicts(
  candidate: { alias?: string; email?: string; dialPlanId?: string | null; extension?: string | null },
  excludeId: string | undefined,
  tx: Tx = db,
) {
  const or: Prisma.UmMailboxWhereInput[] = [];
  if (candidate.alias) or.push({ alias: candidate.alias });
  if (candidate.email) or.push({ email: candidate.email });
  if (candidate.dialPlanId && candidate.extension) or.push({ dialPlanId: candidate.dialPlanId, extension: candidate.extension });
  if (or.length === 0) return Promise.resolve([]);
  return tx.umMailbox.findMany({
    where: { OR: or, ...(excludeId ? { NOT: { id: excludeId } } : {}) },
    select: { id: true, alias: true, email: true, dialPlanId: true, extension: true },
  });
}

export function createMailbox(data: Prisma.UmMailboxUncheckedCreateInput, tx: Tx) {
  return tx.umMailbox.create({ data, include: withPhone });
}

export function updateMailbox(id: string, data: Prisma.UmMailboxUncheckedUpdateInput, tx: Tx) {
  return tx.umMailbox.update({ where: { id }, data, include: withPhone });
}

export function deleteMailbox(id: string, tx: Tx) {
  return tx.umMailbox.delete({ where: { id } });
}
