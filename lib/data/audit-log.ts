import { db } from "../db";
import type { Tx } from "./transaction";

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

export function listAudit(opts: { objectType?: string; objectId?: string; skip: number; take: number }) {
  const where = {
    ...(opts.objectType ? { objectType: opts.objectType } : {}),
    ...(opts.objectId ? { objectId: opts.objectId } : {}),
  };
  return db.$transaction([
    db.auditLog.findMany({ where, orderBy: { at: "desc" }, skip: opts.skip, take: opts.take }),
    db.auditLog.count({ where }),
  ]);
}
