import { handler } from "@/lib/api/handler";
import { listAuditLog } from "@/lib/services/audit-log";

export const GET = handler("admin", ({ query }) => listAuditLog({
  ...query, objectType: query.raw.get("objectType") ?? undefined, objectId: query.raw.get("objectId") ?? undefined,
  actor: query.raw.get("actor") ?? undefined,
}));
