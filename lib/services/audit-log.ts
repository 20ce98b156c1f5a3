import { listAudit, type AuditEntry } from "../data/audit-log";
import type { ListQuery } from "../validation/common";
import { skipTake } from "./paging";

/** A stored audit entry as the API shows it. */
export interface AuditEntryDto extends AuditEntry {
  id: string;
  at: string;
}

export async function listAuditLog(q: ListQuery & { objectType?: string; objectId?: string; actor?: string }) {
  const [rows, total] = await listAudit({ objectType: q.objectType, objectId: q.objectId, actor: q.actor, q: q.q, ...skipTake(q) });
  return {
    items: rows.map((r): AuditEntryDto => ({ ...r, at: r.at.toISOString(), changes: JSON.parse(r.changes) as AuditEntryDto["changes"] })),
    total, page: q.page, pageSize: q.pageSize,
  };
}
