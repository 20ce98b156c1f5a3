import { describe, expect, it } from "vitest";
import { requestUri, sipTarget, toUri, transportFor } from "./sip-target";

const mb = { extension: "4001", e164Number: "+14255550101", sipResourceIdentifier: "alexw@contoso.com" };
const gw = { address: "pbx1.contoso.com", port: 5060 };

describe("SIP target by dial plan URI type and VoIP security", () => {
  it("TelExtn addresses the primary extension over TCP for Unsecured dial plans", () => {
    const t = sipTarget("TelExtn", mb, gw, transportFor("Unsecured"))!;
    expect(requestUri(t)).toBe("sip:4001@pbx1.contoso.com:5060;transport=tcp");
    expect(toUri(t)).toBe("sip:4001@pbx1.contoso.com");
  });

  it("E164 uses the number with user=phone; SipName the SIP resource identifier", () => {
    const e = sipTarget("E164", mb, gw, "TCP")!;
    expect(requestUri(e)).toBe("sip:+14255550101@pbx1.contoso.com:5060;user=phone;transport=tcp");
    const s = sipTarget("SipName", mb, gw, "TCP")!;
    expect(requestUri(s)).toBe("sip:alexw@contoso.com;transport=tcp");
    expect(toUri(s)).toBe("sip:alexw@contoso.com");
  });

  it("SIPSecured and Secured dial plans go over TLS with sips: URIs; UDP only as an override", () => {
    expect(transportFor("SIPSecured")).toBe("TLS");
    expect(transportFor("Secured")).toBe("TLS");
    expect(transportFor("Unsecured", "UDP")).toBe("UDP");
    expect(requestUri(sipTarget("TelExtn", mb, { address: "pbx1.contoso.com", port: 5061 }, "TLS")!)).toBe("sips:4001@pbx1.contoso.com:5061");
  });

  it("returns null when the mailbox lacks the identifier its URI type needs", () => {
    expect(sipTarget("E164", { ...mb, e164Number: null }, gw, "TCP")).toBeNull();
    expect(sipTarget("TelExtn", { ...mb, extension: null }, gw, "TCP")).toBeNull();
  });
});
