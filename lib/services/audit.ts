// Audit entries: who changed what, old → new, written in the same transaction as the change.
import { writeAudit } from "../data/audit-log";
import type { Tx } from "../data/transaction";
import type { Principal } from "../auth/principal";

export function diff<T extends object>(before: T | null, after: T | null, fields: readonly (keyof T & string)[]) {
  const changes: Record<string, { old: unknown; new: unknown }> = {};
  for (const f of fields) {
    const o = before?.[f] ?? null, n = after?.[f] ?? null;
    if (JSON.stringify(o) !== JSON.stringify(n)) changes[f] = { old: o, new: n };
  }
  return changes;
}

export function audit(tx: Tx, actor: Principal, action: string, objectType: string,
  object: { id: string; name: string }, changes: Record<string, { old: unknown; new: unknown }>) {
  return writeAudit({ actor: actor.name, action, objectType, objectId: object.id, objectName: object.name, changes }, tx);
}
