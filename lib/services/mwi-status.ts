// What a mailbox's lamp shows and why: counts, whether MWI is allowed (the one rule in
// lib/domain), and the last delivery. Shared by the API, the EAC and the OWA lamp panel.
import { dialPlanGateways } from "../data/ip-gateways";
import { findDialPlan } from "../data/dial-plans";
import { findMailboxPolicy } from "../data/mailbox-policies";
import { findMwiState, lastDeliveryAttempt, latestOutboxRow } from "../data/mwi-state";
import { mwiEligibility } from "../domain/mwi-eligibility";
import { NO_MESSAGES } from "../domain/mwi-counts";
import type { Principal } from "../auth/principal";
import { mailboxFor } from "./mailboxes";

export interface MwiStatusDto {
  mailboxId: string;
  messagesWaiting: boolean;
  newCount: number;
  oldCount: number;
  newUrgentCount: number;
  oldUrgentCount: number;
  mwiAllowed: boolean;
  reason: string | null;
  explanation: string | null;
  gateways: { id: string; name: string; eligible: boolean; reason: string | null }[];
  delivery: { state: "none" | "pending" | "delivered" | "failed" | "skipped" | "superseded"; detail: string | null };
  lastAttempt: null | {
    at: string; gatewayName: string; transport: string; target: string; statusCode: number | null;
    reason: string | null; ok: boolean; latencyMs: number; messagesWaiting: boolean;
  };
}

export async function mwiStatus(idOrAlias: string, who: Principal): Promise<MwiStatusDto> {
  const mailbox = await mailboxFor(idOrAlias, who);
  const [state, policy, plan, links, attempt, outbox] = await Promise.all([
    findMwiState(mailbox.id),
    mailbox.umMailboxPolicyId ? findMailboxPolicy(mailbox.umMailboxPolicyId) : null,
    mailbox.dialPlanId ? findDialPlan(mailbox.dialPlanId) : null,
    mailbox.dialPlanId ? dialPlanGateways(mailbox.dialPlanId) : [],
    lastDeliveryAttempt(mailbox.id),
    latestOutboxRow(mailbox.id),
  ]);
  const gateways = links.map((l) => l.gateway);
  const rule = mwiEligibility({ umEnabled: mailbox.umEnabled, policy, dialPlan: plan }, gateways);
  const skipped = new Map(rule.skipped.map((s) => [s.gateway.id, s.reason]));
  const counts = state ?? NO_MESSAGES;
  return {
    mailboxId: mailbox.id,
    messagesWaiting: counts.messagesWaiting, newCount: counts.newCount, oldCount: counts.oldCount,
    newUrgentCount: counts.newUrgentCount, oldUrgentCount: counts.oldUrgentCount,
    mwiAllowed: rule.allowed,
    reason: rule.allowed ? null : rule.reason,
    explanation: rule.allowed ? null : rule.explanation,
    gateways: gateways.map((g) => ({ id: g.id, name: g.name, eligible: rule.allowed && !skipped.has(g.id), reason: skipped.get(g.id) ?? null })),
    delivery: outbox
      ? { state: outbox.status as MwiStatusDto["delivery"]["state"], detail: outbox.lastError }
      : { state: "none", detail: null },
    lastAttempt: attempt && {
      at: attempt.createdAt.toISOString(), gatewayName: attempt.gatewayName, transport: attempt.transport, target: attempt.target,
      statusCode: attempt.statusCode, reason: attempt.reason, ok: attempt.ok, latencyMs: attempt.latencyMs,
      messagesWaiting: attempt.messagesWaiting,
    },
  };
}
