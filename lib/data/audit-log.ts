import type { Prisma } from "../generated/sqlite/client";
import { db } from "../db";
import type { Tx } from "./transaction";
import { containsText } from "./text-search";

export interface AuditEntry {
  actor: string;
  action: string;
  objectType: string;
  objectId: string;
  objectName: string;
  changes: Record<string, { old: unknown; new: unknown }>;
}

export function writeAudit(e: AuditEntry, tx: Tx) {
  return tx.auditLog.create({ data: { ...e, changes: JSON.stringify(e.changes) } });
}

export function listAudit(opts: { objectType?: string; objectId?: string; actor?: string; q?: string; skip: number; take: number }) {
  const where: Prisma.AuditLogWhereInput = {
    ...(opts.objectType ? { objectType: opts.objectType } : {}),
    ...(opts.objectId ? { objectId: opts.objectId } : {}),
    ...(opts.actor ? { actor: containsText(opts.actor) } : {}),
    ...(opts.q ? { OR: [{ objectName: containsText(opts.q) }, { action: containsText(opts.q) }] } : {}),
  };
  return db.$transaction([
    db.auditLog.findMany({ where, orderBy: { at: "desc" }, skip: opts.skip, take: opts.take }),
    db.auditLog.count({ where }),
  ]);
}
