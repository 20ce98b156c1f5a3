// Who gets a lamp. Exchange's rule: MWI is on by default for UM-enabled users and two switches
// govern it; BOTH must allow — the UM mailbox policy's AllowMessageWaitingIndicator (all users of
// the policy) and the UM IP gateway's MessageWaitingIndicatorAllowed (all users reached through
// it). A disabled gateway carries no NOTIFYs either.

export interface EligibilityMailbox {
  umEnabled: boolean;
  policy: { name: string; allowMessageWaitingIndicator: boolean } | null;
  dialPlan: { name: string } | null;
}

export interface EligibilityGateway {
  id: string;
  name: string;
  status: string; // Enabled | Disabled | NoNewCalls
  messageWaitingIndicatorAllowed: boolean;
}

export type IneligibleReason =
  | "UmDisabled"
  | "NoPolicy"
  | "PolicyDisallowsMwi"
  | "NoGateways"
  | "AllGatewaysDisallowMwi";

export interface SkippedGateway {
  gateway: EligibilityGateway;
  reason: "GatewayDisabled" | "GatewayDisallowsMwi";
}

export type MwiEligibility<G extends EligibilityGateway = EligibilityGateway> =
  | { allowed: true; gateways: G[]; skipped: SkippedGateway[] }
  | { allowed: false; reason: IneligibleReason; explanation: string; skipped: SkippedGateway[] };

/** Decides eligibility; `gateways` must be in the dial plan's order. Eligible ones keep that order. */
export function mwiEligibility<G extends EligibilityGateway>(
  mailbox: EligibilityMailbox,
  gateways: readonly G[],
): MwiEligibility<G> {
  if (!mailbox.umEnabled) {
    return { allowed: false, reason: "UmDisabled", explanation: "The mailbox is not enabled for Unified Messaging.", skipped: [] };
  }
  if (!mailbox.policy) {
    return { allowed: false, reason: "NoPolicy", explanation: "The mailbox has no UM mailbox policy.", skipped: [] };
  }
  if (!mailbox.policy.allowMessageWaitingIndicator) {
    return {
      allowed: false, reason: "PolicyDisallowsMwi", skipped: [],
      explanation: `UM mailbox policy "${mailbox.policy.name}" has AllowMessageWaitingIndicator set to false.`,
    };
  }
  const eligible: G[] = [];
  const skipped: SkippedGateway[] = [];
  for (const g of gateways) {
    if (g.status === "Disabled") skipped.push({ gateway: g, reason: "GatewayDisabled" });
    else if (!g.messageWaitingIndicatorAllowed) skipped.push({ gateway: g, reason: "GatewayDisallowsMwi" });
    else eligible.push(g);
  }
  if (gateways.length === 0) {
    const plan = mailbox.dialPlan ? `UM dial plan "${mailbox.dialPlan.name}"` : "The mailbox's dial plan";
    return { allowed: false, reason: "NoGateways", explanation: `${plan} has no UM IP gateways.`, skipped };
  }
  if (eligible.length === 0) {
    const names = skipped.map((s) =>
      `"${s.gateway.name}" (${s.reason === "GatewayDisabled" ? "disabled" : "MessageWaitingIndicatorAllowed is false"})`);
    return {
      allowed: false, reason: "AllGatewaysDisallowMwi", skipped,
      explanation: `No UM IP gateway of the dial plan allows MWI: ${names.join(", ")}.`,
    };
  }
  return { allowed: true, gateways: eligible, skipped };
}
