// New/Set/Get/Remove-UMMailboxPolicy.
import * as data from "../data/mailbox-policies";
import { findDialPlan } from "../data/dial-plans";
import { transaction } from "../data/transaction";
import { ConflictError, NotFoundError, ValidationError } from "../errors";
import type { Principal } from "../auth/principal";
import { mailboxPolicyCreate, mailboxPolicyUpdate } from "../validation/mailbox-policies";
import type { ListQuery } from "../validation/common";
import { audit, diff } from "./audit";
import { uniqueName } from "./dial-plans";
import { requeuePolicy } from "./mwi-requeue";
import { skipTake, type Page } from "./paging";

const FIELDS = ["name", "dialPlanId", "allowMessageWaitingIndicator", "allowSmsNotification", "allowMissedCallNotifications"] as const;

type Row = NonNullable<Awaited<ReturnType<typeof data.findMailboxPolicy>>>;

export interface MailboxPolicyDto {
  id: string;
  name: string;
  dialPlanId: string;
  allowMessageWaitingIndicator: boolean;
  allowSmsNotification: boolean;
  allowMissedCallNotifications: boolean;
  createdAt: string;
  updatedAt: string;
}

export function toMailboxPolicyDto(r: Row): MailboxPolicyDto {
  return {
    id: r.id, name: r.name, dialPlanId: r.dialPlanId,
    allowMessageWaitingIndicator: r.allowMessageWaitingIndicator, allowSmsNotification: r.allowSmsNotification,
    allowMissedCallNotifications: r.allowMissedCallNotifications,
    createdAt: r.createdAt.toISOString(), updatedAt: r.updatedAt.toISOString(),
  };
}

export async function listMailboxPolicies(q: ListQuery & { dialPlanId?: string }): Promise<Page<MailboxPolicyDto>> {
  const [rows, total] = await data.listMailboxPolicies({ q: q.q, dialPlanId: q.dialPlanId, ...skipTake(q) });
  return { items: rows.map(toMailboxPolicyDto), total, page: q.page, pageSize: q.pageSize };
}

export async function getMailboxPolicy(id: string): Promise<MailboxPolicyDto> {
  const r = await data.findMailboxPolicy(id);
  if (!r) throw new NotFoundError("UM mailbox policy", id);
  return toMailboxPolicyDto(r);
}

export async function createMailboxPolicy(input: unknown, actor: Principal): Promise<MailboxPolicyDto> {
  const v = mailboxPolicyCreate.parse(input);
  if (!(await findDialPlan(v.dialPlanId))) throw ValidationError.field("dialPlanId", `UM dial plan "${v.dialPlanId}" was not found.`);
  return transaction(async (tx) => {
    const r = await data.createMailboxPolicy(v, tx).catch(uniqueName(v.name, "A UM mailbox policy named"));
    await audit(tx, actor, "New-UMMailboxPolicy", "UMMailboxPolicy", r, diff(null, r, FIELDS));
    return toMailboxPolicyDto(r);
  });
}

export async function updateMailboxPolicy(id: string, input: unknown, actor: Principal): Promise<MailboxPolicyDto> {
  const v = mailboxPolicyUpdate.parse(input);
  return transaction(async (tx) => {
    const before = await data.findMailboxPolicy(id, tx);
    if (!before) throw new NotFoundError("UM mailbox policy", id);
    const after = await data.updateMailboxPolicy(id, v, tx).catch(uniqueName(v.name ?? "", "A UM mailbox policy named"));
    if (before.allowMessageWaitingIndicator !== after.allowMessageWaitingIndicator) {
      await requeuePolicy(id, after.allowMessageWaitingIndicator ? "refresh" : "final-off", tx);
    }
    await audit(tx, actor, "Set-UMMailboxPolicy", "UMMailboxPolicy", after, diff(before, after, FIELDS));
    return toMailboxPolicyDto(after);
  });
}

export async function removeMailboxPolicy(id: string, actor: Principal): Promise<void> {
  await transaction(async (tx) => {
    const before = await data.findMailboxPolicy(id, tx);
    if (!before) throw new NotFoundError("UM mailbox policy", id);
    const n = await data.countPolicyMailboxes(id, tx);
    if (n > 0) {
      throw new ConflictError(`UM mailbox policy "${before.name}" can't be removed: ${n} ${n === 1 ? "mailbox is" : "mailboxes are"} ` +
        "linked to it. Link them to another policy first.");
    }
    await data.deleteMailboxPolicy(id, tx);
    await audit(tx, actor, "Remove-UMMailboxPolicy", "UMMailboxPolicy", before, diff(before, null, FIELDS));
  });
}
