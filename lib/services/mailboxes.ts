// Enable/Disable/Set/Get-UMMailbox (and the mailbox itself: display name, alias, email, sign-in).
import { hashPassword } from "better-auth/crypto";
import * as data from "../data/mailboxes";
import { findDialPlan } from "../data/dial-plans";
import { findMailboxPolicy } from "../data/mailbox-policies";
import { createUserWithPassword, findUserByEmail } from "../data/users";
import { transaction, type Tx } from "../data/transaction";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError, type FieldProblem } from "../errors";
import type { Principal } from "../auth/principal";
import { mailboxCreate, mailboxSort, mailboxUpdate } from "../validation/mailboxes";
import type { ListQuery } from "../validation/common";
import { audit, diff } from "./audit";
import { requeueMailbox } from "./mwi-requeue";
import { skipTake, type Page } from "./paging";

type Row = NonNullable<Awaited<ReturnType<typeof data.findMailbox>>>;

const FIELDS = ["displayName", "alias", "email", "umEnabled", "extension", "extraExtensions", "umMailboxPolicyId",
  "umSmsNotificationOption", "sipResourceIdentifier", "e164Number"] as const;

export interface MailboxDto {
  id: string;
  displayName: string;
  alias: string;
  email: string;
  umEnabled: boolean;
  extension: string | null;
  extraExtensions: string[];
  umMailboxPolicyId: string | null;
  dialPlanId: string | null;
  umSmsNotificationOption: string;
  sipResourceIdentifier: string | null;
  e164Number: string | null;
  canSignIn: boolean;
  phoneVerified: boolean;
  createdAt: string;
  updatedAt: string;
}

export function toMailboxDto(r: Row): MailboxDto {
  return {
    id: r.id, displayName: r.displayName, alias: r.alias, email: r.email, umEnabled: r.umEnabled,
    extension: r.extension, extraExtensions: JSON.parse(r.extraExtensions) as string[],
    umMailboxPolicyId: r.umMailboxPolicyId, dialPlanId: r.dialPlanId,
    umSmsNotificationOption: r.umSmsNotificationOption, sipResourceIdentifier: r.sipResourceIdentifier,
    e164Number: r.e164Number, canSignIn: r.userId !== null, phoneVerified: Boolean(r.textSetup?.verified),
    createdAt: r.createdAt.toISOString(), updatedAt: r.updatedAt.toISOString(),
  };
}

export async function listMailboxes(q: ListQuery & { umMailboxPolicyId?: string; dialPlanId?: string }): Promise<Page<MailboxDto>> {
  const s = mailboxSort.parse({ sort: q.raw?.get("sort") ?? undefined, order: q.raw?.get("order") ?? undefined });
  const [rows, total] = await data.listMailboxes({ q: q.q, umMailboxPolicyId: q.umMailboxPolicyId, dialPlanId: q.dialPlanId, ...s, ...skipTake(q) });
  return { items: rows.map(toMailboxDto), total, page: q.page, pageSize: q.pageSize };
}

/** Finds a mailbox the caller may see: admins any, users only their own. */
export async function mailboxFor(idOrAlias: string, who: Principal, tx?: Tx): Promise<Row> {
  const r = await data.findMailboxByIdOrAlias(idOrAlias, tx);
  // Users get "not found" for others' mailboxes too, so ids can't be probed.
  if (!r || (who.role !== "admin" && r.userId !== who.userId)) throw new NotFoundError("Mailbox", idOrAlias);
  return r;
}

/** mailboxFor's check for a hot path that needs only a MailboxRef (id, alias, UM state, owner). */
export async function mailboxRefFor(idOrAlias: string, who: Principal): Promise<data.MailboxRef> {
  const r = await data.findMailboxRef(idOrAlias);
  if (!r || (who.role !== "admin" && r.userId !== who.userId)) throw new NotFoundError("Mailbox", idOrAlias);
  return r;
}

export async function getMailbox(idOrAlias: string, who: Principal): Promise<MailboxDto> {
  return toMailboxDto(await mailboxFor(idOrAlias, who));
}

interface UmFields {
  umEnabled: boolean;
  umMailboxPolicyId: string | null;
  extension: string | null;
  extraExtensions: string[];
  sipResourceIdentifier: string | null;
  e164Number: string | null;
}

/** Enable-UMMailbox's checks: a policy, an extension of the dial plan's length, unique in it, and the identifier the URI type needs. */
async function resolveUm(f: UmFields, alias: string, email: string, excludeId: string | undefined, tx: Tx) {
  const problems: FieldProblem[] = [];
  let dialPlanId: string | null = null;
  if (f.umMailboxPolicyId) {
    const policy = await findMailboxPolicy(f.umMailboxPolicyId, tx);
    if (!policy) problems.push({ field: "umMailboxPolicyId", message: `UM mailbox policy "${f.umMailboxPolicyId}" was not found.` });
    else dialPlanId = policy.dialPlanId;
  } else if (f.umEnabled) {
    problems.push({ field: "umMailboxPolicyId", message: "A UM mailbox policy is required to enable Unified Messaging." });
  }
  const plan = dialPlanId ? await findDialPlan(dialPlanId, tx) : null;
  if (f.umEnabled && plan) {
    const digits = plan.numberOfDigitsInExtension;
    if (!f.extension) problems.push({ field: "extension", message: `An extension of ${digits} digits is required.` });
    else if (f.extension.length !== digits) {
      problems.push({ field: "extension", message: `The extension must have ${digits} digits, as UM dial plan "${plan.name}" requires.` });
    }
    const badExtra = f.extraExtensions.find((x) => x.length !== digits || x === f.extension);
    if (badExtra) problems.push({ field: "extraExtensions", message: `Extension ${badExtra} must have ${digits} digits and differ from the primary extension.` });
    if (plan.uriType === "E164" && !f.e164Number) {
      problems.push({ field: "e164Number", message: `UM dial plan "${plan.name}" uses E.164 URIs: an E.164 number is required.` });
    }
    if (plan.uriType === "SipName" && !f.sipResourceIdentifier) {
      problems.push({ field: "sipResourceIdentifier", message: `UM dial plan "${plan.name}" uses SIP URIs: a SIP resource identifier is required.` });
    }
  }
  for (const c of await data.findMailboxConflicts({ alias, email, dialPlanId, extension: f.extension }, excludeId, tx)) {
    if (c.alias === alias) problems.push({ field: "alias", message: `The alias "${alias}" is already used by another mailbox.` });
    else if (c.email === email) problems.push({ field: "email", message: `The email address "${email}" is already used by another mailbox.` });
    else problems.push({ field: "extension", message: `Extension ${f.extension} is already used in UM dial plan "${plan?.name}".` });
  }
  if (problems.length) throw new ValidationError(problems);
  return dialPlanId;
}

export async function createMailbox(input: unknown, actor: Principal): Promise<MailboxDto> {
  const v = mailboxCreate.parse(input);
  const passwordHash = v.password ? await hashPassword(v.password) : undefined;
  return transaction(async (tx) => {
    const um: UmFields = {
      umEnabled: v.umEnabled ?? Boolean(v.umMailboxPolicyId),
      umMailboxPolicyId: v.umMailboxPolicyId ?? null, extension: v.extension ?? null,
      extraExtensions: v.extraExtensions, sipResourceIdentifier: v.sipResourceIdentifier ?? null, e164Number: v.e164Number ?? null,
    };
    const dialPlanId = await resolveUm(um, v.alias, v.email, undefined, tx);
    let userId: string | null = null;
    if (passwordHash) {
      if (await findUserByEmail(v.email, tx)) throw new ConflictError(`A sign-in for "${v.email}" already exists.`, "email");
      userId = (await createUserWithPassword({ name: v.displayName, email: v.email, role: "user", passwordHash }, tx)).id;
    }
    const r = await data.createMailbox({
      displayName: v.displayName, alias: v.alias, email: v.email, ...um, extraExtensions: JSON.stringify(um.extraExtensions),
      dialPlanId, umSmsNotificationOption: v.umSmsNotificationOption, userId,
    }, tx);
    await audit(tx, actor, um.umEnabled ? "Enable-UMMailbox" : "New-Mailbox", "UMMailbox", { id: r.id, name: r.displayName },
      diff(null, toMailboxDto(r), FIELDS));
    return toMailboxDto(r);
  });
}

export async function updateMailbox(id: string, input: unknown, actor: Principal): Promise<MailboxDto> {
  if (actor.role !== "admin") throw new ForbiddenError("Only an admin can change a mailbox's UM settings.");
  const v = mailboxUpdate.parse(input);
  return transaction(async (tx) => {
    const before = await data.findMailbox(id, tx);
    if (!before) throw new NotFoundError("Mailbox", id);
    const b = toMailboxDto(before);
    const um: UmFields = {
      umEnabled: v.umEnabled ?? b.umEnabled, umMailboxPolicyId: v.umMailboxPolicyId !== undefined ? v.umMailboxPolicyId : b.umMailboxPolicyId,
      extension: v.extension !== undefined ? v.extension : b.extension, extraExtensions: v.extraExtensions ?? b.extraExtensions,
      sipResourceIdentifier: v.sipResourceIdentifier !== undefined ? v.sipResourceIdentifier : b.sipResourceIdentifier,
      e164Number: v.e164Number !== undefined ? v.e164Number : b.e164Number,
    };
    const alias = v.alias ?? b.alias, email = v.email ?? b.email;
    const dialPlanId = await resolveUm(um, alias, email, id, tx);
    const after = await data.updateMailbox(id, {
      ...v, ...um, extraExtensions: JSON.stringify(um.extraExtensions), dialPlanId,
    }, tx);
    const a = toMailboxDto(after);
    const target = (m: MailboxDto) => [m.umEnabled, m.umMailboxPolicyId, m.extension, m.e164Number, m.sipResourceIdentifier].join("|");
    if (b.umEnabled && !a.umEnabled) await requeueMailbox(id, "final-off", tx);
    else if (a.umEnabled && target(a) !== target(b)) await requeueMailbox(id, "refresh", tx);
    const action = b.umEnabled !== a.umEnabled ? (a.umEnabled ? "Enable-UMMailbox" : "Disable-UMMailbox") : "Set-UMMailbox";
    await audit(tx, actor, action, "UMMailbox", { id, name: a.displayName }, diff(b, a, FIELDS));
    return a;
  });
}

export async function removeMailbox(id: string, actor: Principal): Promise<void> {
  await transaction(async (tx) => {
    const before = await data.findMailbox(id, tx);
    if (!before) throw new NotFoundError("Mailbox", id);
    // The worker can't switch off the lamp of a mailbox that no longer exists, so UM goes first:
    // Disable UM sends the final "Messages-Waiting: no" (DESIGN: no lamp left stuck on).
    if (before.umEnabled) {
      throw new ConflictError(`Disable Unified Messaging for "${before.displayName}" first, so their phone's lamp is switched off; then remove the mailbox.`);
    }
    await data.deleteMailbox(id, tx);
    await audit(tx, actor, "Remove-Mailbox", "UMMailbox", { id, name: before.displayName }, diff(toMailboxDto(before), null, FIELDS));
  });
}
