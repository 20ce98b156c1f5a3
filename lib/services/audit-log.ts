import { listAudit } from "../data/audit-log";
import type { ListQuery } from "../validation/common";
import { skipTake } from "./paging";

export interface AuditEntryDto {
  id: string;
  at: string;
  actor: string;
  action: string;
  objectType: string;
  objectId: string;
  objectName: string;
  changes: Record<string, { old: unknown; new: unknown }>;
}

export async function listAuditLog(q: ListQuery & { objectType?: string; objectId?: string; actor?: string }) {
  const [rows, total] = await listAudit({ objectType: q.objectType, objectId: q.objectId, actor: q.actor, q: q.q, ...skipTake(q) });
  return {
    items: rows.map((r): AuditEntryDto => ({ ...r, at: r.at.toISOString(), changes: JSON.parse(r.changes) as AuditEntryDto["changes"] })),
    total, page: q.page, pageSize: q.pageSize,
  };
}
