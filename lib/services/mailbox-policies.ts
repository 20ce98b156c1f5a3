// New/Set/Get/Remove-UMMailboxPolicy.
import * as data from "../data/mailbox-policies";
import { findDialPlan } from "../data/dial-plans";
import { transaction } from "../data/transaction";
import { ConflictError, NotFoundError, ValidationError } from "../errors";
import type { Principal } from "../auth/principal";
import {
  logonFailuresProblem, mailboxPolicyCreate, mailboxPolicyUpdate, UNLIMITED, type MailboxPolicyValues,
} from "../validation/mailbox-policies";
import type { ListQuery } from "../validation/common";
import { audit, diff } from "./audit";
import { uniqueName } from "./dial-plans";
import { requeuePolicy } from "./mwi-requeue";
import { skipTake, type Page } from "./paging";

type Row = NonNullable<Awaited<ReturnType<typeof data.findMailboxPolicy>>>;

export type MailboxPolicyDto = { id: string; createdAt: string; updatedAt: string } & MailboxPolicyValues;

const FIELDS = [
  "name", "dialPlanId", "allowMessageWaitingIndicator", "allowSmsNotification", "allowMissedCallNotifications",
  "allowVoiceMailPreview", "umEnabledText", "resetPinText", "voiceMailText", "faxMessageText", "minPinLength",
  "pinLifetime", "pinHistoryCount", "allowCommonPatterns", "logonFailuresBeforePinReset", "maxLogonAttempts",
  "allowDialPlanSubscribers", "allowExtensions", "allowedInCountryOrRegionGroups", "allowedInternationalGroups",
  "protectUnauthenticatedVoiceMail", "protectAuthenticatedVoiceMail", "requireProtectedPlayOnPhone", "protectedVoiceMailText",
] as const satisfies readonly (keyof MailboxPolicyValues)[];

const unlimited = (n: number | null) => (n === null ? UNLIMITED : n);
const limited = (v: number | typeof UNLIMITED) => (v === UNLIMITED ? null : v);

export function toMailboxPolicyDto(r: Row): MailboxPolicyDto {
  return {
    id: r.id, name: r.name, dialPlanId: r.dialPlanId,
    allowMessageWaitingIndicator: r.allowMessageWaitingIndicator, allowSmsNotification: r.allowSmsNotification,
    allowMissedCallNotifications: r.allowMissedCallNotifications, allowVoiceMailPreview: r.allowVoiceMailPreview,
    umEnabledText: r.umEnabledText, resetPinText: r.resetPinText, voiceMailText: r.voiceMailText, faxMessageText: r.faxMessageText,
    minPinLength: r.minPinLength, pinLifetime: unlimited(r.pinLifetime), pinHistoryCount: r.pinHistoryCount,
    allowCommonPatterns: r.allowCommonPatterns, logonFailuresBeforePinReset: unlimited(r.logonFailuresBeforePinReset),
    maxLogonAttempts: r.maxLogonAttempts, allowDialPlanSubscribers: r.allowDialPlanSubscribers, allowExtensions: r.allowExtensions,
    allowedInCountryOrRegionGroups: JSON.parse(r.allowedInCountryOrRegionGroups) as string[],
    allowedInternationalGroups: JSON.parse(r.allowedInternationalGroups) as string[],
    protectUnauthenticatedVoiceMail: r.protectUnauthenticatedVoiceMail as MailboxPolicyValues["protectUnauthenticatedVoiceMail"],
    protectAuthenticatedVoiceMail: r.protectAuthenticatedVoiceMail as MailboxPolicyValues["protectAuthenticatedVoiceMail"],
    requireProtectedPlayOnPhone: r.requireProtectedPlayOnPhone, protectedVoiceMailText: r.protectedVoiceMailText,
    createdAt: r.createdAt.toISOString(), updatedAt: r.updatedAt.toISOString(),
  };
}

/** API values → columns: "Unlimited" is NULL, lists are JSON. */
function toColumns(v: Partial<MailboxPolicyValues>) {
  const { pinLifetime, logonFailuresBeforePinReset, allowedInCountryOrRegionGroups, allowedInternationalGroups, ...rest } = v;
  return {
    ...rest,
    ...(pinLifetime !== undefined ? { pinLifetime: limited(pinLifetime) } : {}),
    ...(logonFailuresBeforePinReset !== undefined ? { logonFailuresBeforePinReset: limited(logonFailuresBeforePinReset) } : {}),
    ...(allowedInCountryOrRegionGroups ? { allowedInCountryOrRegionGroups: JSON.stringify(allowedInCountryOrRegionGroups) } : {}),
    ...(allowedInternationalGroups ? { allowedInternationalGroups: JSON.stringify(allowedInternationalGroups) } : {}),
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
    const r = await data.createMailboxPolicy({ ...toColumns(v), name: v.name, dialPlanId: v.dialPlanId }, tx)
      .catch(uniqueName(v.name, "A UM mailbox policy named"));
    await audit(tx, actor, "New-UMMailboxPolicy", "UMMailboxPolicy", r, diff(null, toMailboxPolicyDto(r), FIELDS));
    return toMailboxPolicyDto(r);
  });
}

export async function updateMailboxPolicy(id: string, input: unknown, actor: Principal): Promise<MailboxPolicyDto> {
  const v = mailboxPolicyUpdate.parse(input);
  return transaction(async (tx) => {
    const before = await data.findMailboxPolicy(id, tx);
    if (!before) throw new NotFoundError("UM mailbox policy", id);
    const b = toMailboxPolicyDto(before);
    // The cross-field rule holds for the policy as it will be, not only for the fields sent.
    const problem = logonFailuresProblem({ ...b, ...v });
    if (problem) throw ValidationError.field("logonFailuresBeforePinReset", problem);
    const after = await data.updateMailboxPolicy(id, toColumns(v), tx).catch(uniqueName(v.name ?? "", "A UM mailbox policy named"));
    if (before.allowMessageWaitingIndicator !== after.allowMessageWaitingIndicator) {
      await requeuePolicy(id, after.allowMessageWaitingIndicator ? "refresh" : "final-off", tx);
    }
    await audit(tx, actor, "Set-UMMailboxPolicy", "UMMailboxPolicy", after, diff(b, toMailboxPolicyDto(after), FIELDS));
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
    await audit(tx, actor, "Remove-UMMailboxPolicy", "UMMailboxPolicy", before, diff(toMailboxPolicyDto(before), null, FIELDS));
  });
}
