import { Core, Grammar } from "sip.js";
import { describe, expect, it } from "vitest";
import type { SipTarget } from "../../lib/domain/sip-target";
import { buildMwiNotify, InvalidSipUriError } from "./build-notify";

const target: SipTarget = { user: "4001", host: "pbx1.contoso.com", port: 5060, transport: "TCP", userPhone: false };
const counts = { messagesWaiting: true, newCount: 2, oldCount: 8, newUrgentCount: 1, oldUrgentCount: 0 };
const local = { host: "192.0.2.10", port: 5060 };
const ids = { branch: "z9hG4bKabc123", fromTag: "f00d", callId: "call-1@192.0.2.10" };

describe("buildMwiNotify", () => {
  it("produces exactly the DESIGN.md wire format", () => {
    const n = buildMwiNotify({ target, counts, sipDomain: "um.contoso.com", local, ids });
    expect(n.wire).toBe([
      "NOTIFY sip:4001@pbx1.contoso.com:5060;transport=tcp SIP/2.0",
      "Via: SIP/2.0/TCP 192.0.2.10:5060;branch=z9hG4bKabc123",
      "Max-Forwards: 70",
      "From: <sip:um@um.contoso.com>;tag=f00d",
      "To: <sip:4001@pbx1.contoso.com>",
      "Call-ID: call-1@192.0.2.10",
      "CSeq: 1 NOTIFY",
      "Contact: <sip:um@192.0.2.10:5060;transport=tcp>",
      "Event: message-summary",
      "Subscription-State: terminated",
      "Content-Type: application/simple-message-summary",
      "Content-Length: 91",
      "",
      "Messages-Waiting: yes",
      "Message-Account: sip:4001@um.contoso.com",
      "Voice-Message: 2/8 (1/0)",
      "",
    ].join("\r\n"));
    expect(n).toMatchObject({ method: "NOTIFY", cseq: 1, branch: ids.branch, callId: ids.callId, fromTag: ids.fromTag });
  });

  it("counts Content-Length in bytes of the body", () => {
    const n = buildMwiNotify({ target, counts, sipDomain: "um.contoso.com", local });
    const length = Number(/\r\nContent-Length: (\d+)\r\n/.exec(n.wire)![1]);
    const body = n.wire.slice(n.wire.indexOf("\r\n\r\n") + 4);
    expect(body).toBe(n.body);
    expect(length).toBe(Buffer.byteLength(body, "utf8"));
  });

  it("carries every header sip.js itself would send, minus Supported and User-Agent", () => {
    const n = buildMwiNotify({ target, counts, sipDomain: "um.contoso.com", local, ids });
    const reference = new Core.OutgoingRequestMessage("NOTIFY",
      Grammar.URIParse("sip:4001@pbx1.contoso.com:5060;transport=tcp")!, Grammar.URIParse("sip:um@um.contoso.com")!,
      Grammar.URIParse("sip:4001@pbx1.contoso.com")!, { callId: ids.callId, fromTag: ids.fromTag, viaHost: "192.0.2.10:5060" },
      ["Contact: <sip:um@192.0.2.10:5060;transport=tcp>", "Event: message-summary", "Subscription-State: terminated"],
      { contentDisposition: "render", contentType: "application/simple-message-summary", content: n.body });
    reference.setViaHeader(ids.branch, "TCP");
    const lines = (wire: string) => wire.slice(0, wire.indexOf("\r\n\r\n")).split("\r\n").slice(1)
      .filter((l) => !/^(Supported|User-Agent):/.test(l)).sort();
    expect(lines(n.wire)).toEqual(lines(reference.toString()));
  });

  it("uses fresh identifiers for every NOTIFY", () => {
    const a = buildMwiNotify({ target, counts, sipDomain: "um.contoso.com", local });
    const b = buildMwiNotify({ target, counts, sipDomain: "um.contoso.com", local });
    expect(a.branch).toMatch(/^z9hG4bK[0-9a-f]{20}$/);
    expect(new Set([a.branch, b.branch]).size).toBe(2);
    expect(new Set([a.callId, b.callId]).size).toBe(2);
    expect(new Set([a.fromTag, b.fromTag]).size).toBe(2);
  });

  it("addresses E.164 users with user=phone and SipName users by their own domain", () => {
    const e164 = buildMwiNotify({
      target: { ...target, user: "+14255550123", userPhone: true }, counts, sipDomain: "um.contoso.com", local, ids,
    });
    expect(e164.wire).toMatch(/^NOTIFY sip:\+14255550123@pbx1\.contoso\.com:5060;user=phone;transport=tcp SIP\/2\.0\r\n/);
    expect(e164.wire).toContain("\r\nTo: <sip:+14255550123@pbx1.contoso.com;user=phone>\r\n");
    expect(e164.body).toContain("Message-Account: sip:+14255550123@um.contoso.com\r\n");

    const sipName = buildMwiNotify({
      target: { ...target, user: "alice@contoso.com" }, counts, sipDomain: "um.contoso.com", local, ids,
    });
    expect(sipName.wire).toMatch(/^NOTIFY sip:alice@contoso\.com;transport=tcp SIP\/2\.0\r\n/);
    expect(sipName.body).toContain("Message-Account: sip:alice@contoso.com\r\n");
  });

  it("puts the transport in Via and Contact (TLS uses a sips: Contact)", () => {
    const tls = buildMwiNotify({ target: { ...target, transport: "TLS", port: 5061 }, counts, sipDomain: "um.contoso.com", local: { host: "192.0.2.10", port: 5061 }, ids });
    expect(tls.wire).toMatch(/^NOTIFY sips:4001@pbx1\.contoso\.com:5061 SIP\/2\.0\r\nVia: SIP\/2\.0\/TLS 192\.0\.2\.10:5061;branch=/);
    expect(tls.wire).toContain("\r\nContact: <sips:um@192.0.2.10:5061>\r\n");
  });

  it("refuses identifiers that would not make a valid SIP URI (no header injection)", () => {
    expect(() => buildMwiNotify({ target: { ...target, user: "40 01" }, counts, sipDomain: "um.contoso.com", local }))
      .toThrow(InvalidSipUriError);
    expect(() => buildMwiNotify({ target, counts, sipDomain: "um.contoso.com\r\nX-Evil: 1", local }))
      .toThrow(InvalidSipUriError);
  });
});
