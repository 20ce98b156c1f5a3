import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { parseSipMessage } from "./parse-message";

const response = (extra = "") =>
  "SIP/2.0 200 OK\r\nVia: SIP/2.0/TCP 192.0.2.10:5060;branch=z9hG4bKtop\r\nFrom: <sip:um@um.contoso.com>;tag=a\r\n"
  + "To: <sip:4001@pbx>;tag=b\r\nCall-ID: c1\r\nCSeq: 1 NOTIFY\r\n" + extra + "Content-Length: 0\r\n\r\n";

describe("parseSipMessage", () => {
  it.each([
    ["empty", ""],
    ["no CRLF at all", "hello"],
    ["not a start line", "GET / HTTP/1.1\r\nHost: x\r\n\r\n"],
    ["binary noise", randomBytes(512).toString("latin1")],
    ["only a start line", "SIP/2.0 200 OK\r\n"],
    ["a response whose CSeq does not parse (sip.js throws on it)", "SIP/2.0 200 OK\r\nVia: SIP/2.0/TCP h;branch=z9hG4bK1\r\nCSeq: x\r\n\r\n"],
    ["a response without Via", "SIP/2.0 200 OK\r\nCSeq: 1 NOTIFY\r\nContent-Length: 0\r\n\r\n"],
    ["a response whose Via has no branch", "SIP/2.0 200 OK\r\nVia: SIP/2.0/TCP h\r\nCSeq: 1 NOTIFY\r\nContent-Length: 0\r\n\r\n"],
    ["a request with an unparseable From", "OPTIONS sip:um@h SIP/2.0\r\nFrom: <<<\r\n\r\n"],
    ["a header line without a colon", "OPTIONS sip:um@h SIP/2.0\r\nnonsense\r\n\r\n"],
  ])("returns null for %s", (_name, input) => {
    expect(parseSipMessage(input)).toBeNull();
  });

  it("never throws, whatever the bytes", () => {
    for (let i = 0; i < 500; i++) {
      const head = ["SIP/2.0 ", "NOTIFY sip:a@b SIP/2.0\r\n", "", "SIP/2.0 200 OK\r\nCSeq: "][i % 4];
      expect(() => parseSipMessage(head + randomBytes(i % 64).toString("latin1") + "\r\n\r\n")).not.toThrow();
    }
  });

  it("parses a final response with what a client transaction needs", () => {
    const parsed = parseSipMessage(response("Retry-After: 30\r\n"));
    expect(parsed).toMatchObject({ kind: "response", statusCode: 200, reasonPhrase: "OK", branch: "z9hG4bKtop" });
    expect(parsed?.kind === "response" && parsed.method).toBe("NOTIFY");
    expect(parsed).toMatchObject({ cseq: 1, callId: "c1", retryAfter: "30", contentLength: 0 });
  });

  it("takes the branch of the topmost Via even when one line carries several values", () => {
    const text = "SIP/2.0 480 Temporarily Unavailable\r\n"
      + "Via: SIP/2.0/TCP 192.0.2.10:5060;branch=z9hG4bKtop, SIP/2.0/UDP proxy;branch=z9hG4bKlower\r\n"
      + "CSeq: 1 NOTIFY\r\nContent-Length: 0\r\n\r\n";
    expect(parseSipMessage(text)).toMatchObject({ kind: "response", statusCode: 480, branch: "z9hG4bKtop" });
  });

  it("parses a request", () => {
    const parsed = parseSipMessage("OPTIONS sip:um@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/TCP 10.0.0.9:5060;branch=z9hG4bKq;rport\r\n"
      + "From: <sip:a@b>;tag=1\r\nTo: <sip:um@c>\r\nCall-ID: x1\r\nCSeq: 2 OPTIONS\r\nContent-Length: 0\r\n\r\n");
    expect(parsed?.kind).toBe("request");
    expect(parsed?.kind === "request" && parsed.message.method).toBe("OPTIONS");
    expect(parsed?.topVia).toMatchObject({ transport: "TCP", host: "10.0.0.9", port: 5060, branch: "z9hG4bKq" });
    expect(parsed?.topVia?.params.get("rport")).toBeNull();
  });
});
