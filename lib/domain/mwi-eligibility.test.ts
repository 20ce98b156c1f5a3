import { describe, expect, it } from "vitest";
import { mwiEligibility, type EligibilityGateway } from "./mwi-eligibility";

const gw = (id: string, over: Partial<EligibilityGateway> = {}): EligibilityGateway =>
  ({ id, name: id.toUpperCase(), status: "Enabled", messageWaitingIndicatorAllowed: true, ...over });
const mailbox = (over: { umEnabled?: boolean; allow?: boolean; noPolicy?: boolean } = {}) => ({
  umEnabled: over.umEnabled ?? true,
  policy: over.noPolicy ? null : { name: "Contoso Default Policy", allowMessageWaitingIndicator: over.allow ?? true },
  dialPlan: { name: "Contoso HQ" },
});

describe("mwiEligibility: policy AND gateway AND UM-enabled", () => {
  it("allows a UM-enabled user whose policy and gateways allow MWI, keeping the dial plan's gateway order", () => {
    const r = mwiEligibility(mailbox(), [gw("b"), gw("a")]);
    expect(r.allowed).toBe(true);
    if (r.allowed) expect(r.gateways.map((g) => g.id)).toEqual(["b", "a"]);
  });

  it.each([
    // umEnabled, policy allows, gateway allows → allowed
    [true, true, true, true],
    [true, true, false, false],
    [true, false, true, false],
    [true, false, false, false],
    [false, true, true, false],
    [false, true, false, false],
    [false, false, true, false],
    [false, false, false, false],
  ])("umEnabled=%s policy=%s gateway=%s → allowed=%s", (umEnabled, allow, gatewayAllows, expected) => {
    const r = mwiEligibility(mailbox({ umEnabled, allow }), [gw("a", { messageWaitingIndicatorAllowed: gatewayAllows })]);
    expect(r.allowed).toBe(expected);
  });

  it("names the switch that blocks: UM disabled before policy before gateways", () => {
    const um = mwiEligibility(mailbox({ umEnabled: false, allow: false }), [gw("a")]);
    expect(um).toMatchObject({ allowed: false, reason: "UmDisabled" });
    const pol = mwiEligibility(mailbox({ allow: false }), [gw("a", { messageWaitingIndicatorAllowed: false })]);
    expect(pol).toMatchObject({ allowed: false, reason: "PolicyDisallowsMwi" });
    if (!pol.allowed) expect(pol.explanation).toContain('"Contoso Default Policy" has AllowMessageWaitingIndicator set to false');
    expect(mwiEligibility(mailbox({ noPolicy: true }), [gw("a")])).toMatchObject({ allowed: false, reason: "NoPolicy" });
  });

  it("skips gateways with MWI off or disabled, and says which when none is left", () => {
    const mixed = mwiEligibility(mailbox(), [gw("off", { messageWaitingIndicatorAllowed: false }), gw("dis", { status: "Disabled" }), gw("ok")]);
    expect(mixed.allowed).toBe(true);
    if (mixed.allowed) expect(mixed.gateways.map((g) => g.id)).toEqual(["ok"]);
    expect(mixed.skipped.map((s) => [s.gateway.id, s.reason])).toEqual([["off", "GatewayDisallowsMwi"], ["dis", "GatewayDisabled"]]);

    const none = mwiEligibility(mailbox(), [gw("off", { messageWaitingIndicatorAllowed: false }), gw("dis", { status: "Disabled" })]);
    expect(none).toMatchObject({ allowed: false, reason: "AllGatewaysDisallowMwi" });
    if (!none.allowed) expect(none.explanation).toBe('No UM IP gateway of the dial plan allows MWI: "OFF" (MessageWaitingIndicatorAllowed is false), "DIS" (disabled).');
  });

  it("a gateway taking no new calls still carries NOTIFYs", () => {
    expect(mwiEligibility(mailbox(), [gw("a", { status: "NoNewCalls" })]).allowed).toBe(true);
  });

  it("a dial plan without gateways has no path", () => {
    const r = mwiEligibility(mailbox(), []);
    expect(r).toMatchObject({ allowed: false, reason: "NoGateways" });
    if (!r.allowed) expect(r.explanation).toBe('UM dial plan "Contoso HQ" has no UM IP gateways.');
  });
});
