import { randomBytes } from "node:crypto";
import { Core } from "sip.js";
import { describe, expect, it } from "vitest";
import { looksLikeResponse, parseSipResponse } from "./parse-response";

const ok = (headers: string[]) => ["SIP/2.0 200 OK", ...headers, "", ""].join("\r\n");
const basic = [
  "Via: SIP/2.0/TCP 127.0.0.1:5060;branch=z9hG4bKabc;received=127.0.0.1",
  "From: <sip:um@um.contoso.com>;tag=f1",
  "To: <sip:4001@pbx>;tag=t1",
  "Call-ID: c1@127.0.0.1",
  "CSeq: 1 NOTIFY",
  "Content-Length: 0",
];

describe("parseSipResponse", () => {
  it("reads what a client transaction needs", () => {
    expect(parseSipResponse(ok(basic))).toMatchObject({
      kind: "response", statusCode: 200, reasonPhrase: "OK", branch: "z9hG4bKabc", method: "NOTIFY", cseq: 1,
      callId: "c1@127.0.0.1", contentLength: 0, retryAfter: undefined,
      topVia: { transport: "TCP", host: "127.0.0.1", port: 5060 },
    });
  });

  it("agrees with sip.js on status, reason, branch and CSeq", () => {
    const text = ["SIP/2.0 480 Temporarily Unavailable", ...basic.slice(0, 4), "CSeq: 17 NOTIFY", "Retry-After: 120 (lunch);duration=60", "Content-Length: 0", "", ""].join("\r\n");
    const sipJs = Core.Parser.parseMessage(text, new Core.LoggerFactory().getLogger("test")) as Core.IncomingResponseMessage;
    const ours = parseSipResponse(text)!;
    expect(ours.statusCode).toBe(sipJs.statusCode);
    expect(ours.reasonPhrase).toBe(sipJs.reasonPhrase);
    expect(ours.branch).toBe(sipJs.viaBranch);
    expect(ours.method).toBe(sipJs.method);
    expect(ours.cseq).toBe(sipJs.cseq);
    expect(ours.retryAfter).toBe(sipJs.getHeader("retry-after"));
  });

  it("understands compact header names, any header-name case and folded lines (RFC 3261 §7.3)", () => {
    const parsed = parseSipResponse(ok([
      "v: SIP/2.0/UDP 10.0.0.1:5060", "  ;branch=z9hG4bKfolded", "i: x@y", "cseq: 3 NOTIFY", "l: 0",
    ]));
    expect(parsed).toMatchObject({ branch: "z9hG4bKfolded", callId: "x@y", cseq: 3, contentLength: 0 });
  });

  it("takes the topmost Via across several lines and comma-separated values", () => {
    const parsed = parseSipResponse(ok([
      "Via: SIP/2.0/TCP a;branch=z9hG4bKtop, SIP/2.0/TCP b;branch=z9hG4bKmid", "Via: SIP/2.0/TCP c;branch=z9hG4bKlow", "CSeq: 1 NOTIFY",
    ]));
    expect(parsed?.branch).toBe("z9hG4bKtop");
  });

  it("reads a provisional response", () => {
    expect(parseSipResponse("SIP/2.0 100 Trying\r\n" + basic.join("\r\n") + "\r\n\r\n")).toMatchObject({ statusCode: 100, reasonPhrase: "Trying" });
  });

  it.each([
    ["no Via", ok(basic.filter((h) => !h.startsWith("Via")))],
    ["a Via without branch", ok(["Via: SIP/2.0/TCP h", ...basic.slice(1)])],
    ["an unparseable Via", ok(["Via: ;;;", ...basic.slice(1)])],
    ["no CSeq", ok(basic.filter((h) => !h.startsWith("CSeq")))],
    ["a CSeq without method", ok([...basic.slice(0, 4), "CSeq: 1"])],
    ["a CSeq that is not a number", ok([...basic.slice(0, 4), "CSeq: x NOTIFY"])],
    ["conflicting CSeq headers", ok([...basic, "CSeq: 2 NOTIFY"])],
    ["a status code out of range", ok(basic).replace("200", "700")],
    ["a two-digit status code", ok(basic).replace("200", "20")],
    ["another protocol version", ok(basic).replace("SIP/2.0", "SIP/3.0")],
    ["a control character in the reason", ok(basic).replace("OK", "O\u0000K")],
    ["a header line without a colon", ok([...basic, "nonsense"])],
    ["a header name with a space", ok([...basic, "Bad Name: x"])],
    ["a continuation line first", "SIP/2.0 200 OK\r\n folded\r\n" + basic.join("\r\n") + "\r\n\r\n"],
    ["a Content-Length that is not a number", ok([...basic.slice(0, 5), "Content-Length: abc"])],
    ["only a status line", "SIP/2.0 200 OK"],
  ])("returns null for %s", (_name, text) => {
    expect(parseSipResponse(text)).toBeNull();
  });

  it("never throws, whatever the bytes", () => {
    for (let i = 0; i < 2000; i++) {
      const noise = randomBytes(i % 97).toString("latin1");
      const text = i % 2 ? ok(basic).slice(0, i % 200) + noise : `SIP/2.0 200 OK\r\n${noise}\r\nCSeq: ${noise}\r\n\r\n`;
      expect(() => parseSipResponse(text)).not.toThrow();
    }
  });
});

describe("looksLikeResponse", () => {
  it("tells a status line from a request line", () => {
    expect(looksLikeResponse("SIP/2.0 200 OK\r\n")).toBe(true);
    expect(looksLikeResponse("sip/2.0 200 OK\r\n")).toBe(true);
    expect(looksLikeResponse("OPTIONS sip:a@b SIP/2.0\r\n")).toBe(false);
    expect(looksLikeResponse("SIP")).toBe(false);
  });
});
