import { Grammar } from "sip.js";
import { describe, expect, it } from "vitest";
import { InvalidSipUriError, isSipHost, normalSipUri, parseSipUri, rawSipUri } from "./sip-uri";

describe("parseSipUri", () => {
  it.each([
    "sip:4001@pbx1.contoso.com:5060;transport=tcp",
    "sip:+14255550123@pbx1.contoso.com:5060;user=phone;transport=tcp",
    "sips:4001@pbx1.contoso.com:5061",
    "sip:alice@contoso.com",
    "sip:4001@192.0.2.10:5060;transport=udp",
    "sip:4001@[2001:db8::10]:5060;transport=tcp",
    "sip:um@um.lamplighter.local",
    "sip:a.b-c_d!e~f*g'h(i)j@x.y",
  ])("accepts %s and writes it back as sip.js did", (uri) => {
    const reference = Grammar.URIParse(uri)!;
    expect(reference).toBeTruthy();
    const parsed = parseSipUri(uri);
    expect(rawSipUri(parsed)).toBe(reference.toRaw());
    expect(normalSipUri(parsed)).toBe(reference.toString());
  });

  it("writes scheme and host in lower case inside a name-addr, as written in a Request-URI", () => {
    const parsed = parseSipUri("SIP:4001@PBX1.Contoso.com:05060;transport=tcp");
    expect(rawSipUri(parsed)).toBe("sip:4001@PBX1.Contoso.com:5060;transport=tcp");
    expect(normalSipUri(parsed)).toBe("sip:4001@pbx1.contoso.com:5060;transport=tcp");
  });

  it.each([
    ["a space in the user", "sip:40 01@pbx"],
    ["CRLF in the host (header injection)", "sip:um@um.contoso.com\r\nX-Evil: 1"],
    ["CRLF in a parameter", "sip:4001@pbx;transport=tcp\r\nX-Evil: 1"],
    ["no user", "sip:@pbx"],
    ["no @", "sip:pbx.contoso.com"],
    ["two @", "sip:a@b@pbx"],
    ["an angle bracket", "sip:a>@pbx"],
    ["a quote", "sip:a\"@pbx"],
    ["a bad escape", "sip:a%4@pbx"],
    ["another scheme", "tel:+14255550123"],
    ["an unbracketed IPv6 host", "sip:4001@::1:5060"],
    ["a bad IPv6 reference", "sip:4001@[::g]:5060"],
    ["an out-of-range IPv4", "sip:4001@999.2.3.4"],
    ["a port over 65535", "sip:4001@pbx:99999"],
    ["an empty port", "sip:4001@pbx:"],
    ["a label starting with a dash", "sip:4001@-pbx.com"],
    ["an underscore in the host", "sip:4001@pbx_1.com"],
    ["an empty parameter", "sip:4001@pbx;;transport=tcp"],
    ["URI headers", "sip:4001@pbx?subject=x"],
    ["a password", "sip:4001:secret@pbx"],
  ])("refuses %s", (_name, uri) => {
    expect(() => parseSipUri(uri)).toThrow(InvalidSipUriError);
  });
});

describe("isSipHost", () => {
  it("answers the same from its cache", () => {
    for (let i = 0; i < 2; i++) {
      expect(isSipHost("pbx1.contoso.com")).toBe(true);
      expect(isSipHost("[::1]")).toBe(true);
      expect(isSipHost("::1")).toBe(false);
      expect(isSipHost("a b")).toBe(false);
    }
  });
});
