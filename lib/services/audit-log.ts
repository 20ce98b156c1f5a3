import { listAudit } from "../data/audit-log";
import type { ListQuery } from "../validation/common";
import { skipTake } from "./paging";

export async function listAuditLog(q: ListQuery & { objectType?: string; objectId?: string; actor?: string }) {
  const [rows, total] = await listAudit({ objectType: q.objectType, objectId: q.objectId, actor: q.actor, q: q.q, ...skipTake(q) });
  return {
    items: rows.map((r) => ({ ...r, at: r.at.toISOString(), changes: JSON.parse(r.changes) as Record<string, unknown> })),
    total, page: q.page, pageSize: q.pageSize,
  };
}
