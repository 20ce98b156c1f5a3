import { describe, expect, it } from "vitest";
import { handleSipRequest } from "./handle-request";
import { parseSipMessage } from "./parse-message";

const source = { address: "10.0.0.9", port: 40000 };

function request(method: string, extra: { via?: string; to?: string; omit?: string[]; cseqMethod?: string; headers?: string[] } = {}) {
  const lines = [
    `${method} sip:um@127.0.0.1:5060 SIP/2.0`,
    `Via: ${extra.via ?? "SIP/2.0/TCP 10.0.0.9:5060;branch=z9hG4bKreq"}`,
    "Via: SIP/2.0/TCP proxy.contoso.com;branch=z9hG4bKproxy",
    "Max-Forwards: 70",
    "From: <sip:pbx@contoso.com>;tag=pbx1",
    `To: ${extra.to ?? "<sip:um@127.0.0.1>"}`,
    "Call-ID: abc@10.0.0.9",
    `CSeq: 7 ${extra.cseqMethod ?? method}`,
    ...(extra.headers ?? []),
    "Content-Length: 0",
  ].filter((l) => !(extra.omit ?? []).some((h) => l.startsWith(`${h}:`)));
  const parsed = parseSipMessage(lines.join("\r\n") + "\r\n\r\n");
  if (parsed?.kind !== "request") throw new Error("test request did not parse");
  return parsed;
}

function responseLines(text: string | null): string[] {
  expect(text).not.toBeNull();
  expect(text!.endsWith("\r\n\r\n")).toBe(true);
  return text!.slice(0, -4).split("\r\n");
}

describe("handleSipRequest", () => {
  it("answers OPTIONS with 200, copying Via/From/Call-ID/CSeq and adding a To tag", () => {
    const out = handleSipRequest(request("OPTIONS"), { address: "10.0.0.9", port: 5060 });
    const lines = responseLines(out.response);
    expect(lines[0]).toBe("SIP/2.0 200 OK");
    expect(lines.slice(1, 3)).toEqual([
      "Via: SIP/2.0/TCP 10.0.0.9:5060;branch=z9hG4bKreq",
      "Via: SIP/2.0/TCP proxy.contoso.com;branch=z9hG4bKproxy",
    ]);
    expect(lines).toContain("From: <sip:pbx@contoso.com>;tag=pbx1");
    expect(lines.find((l) => l.startsWith("To:"))).toMatch(/^To: <sip:um@127\.0\.0\.1>;tag=[0-9a-f]+$/);
    expect(lines).toContain("Call-ID: abc@10.0.0.9");
    expect(lines).toContain("CSeq: 7 OPTIONS");
    expect(lines).toContain("Allow: OPTIONS");
    expect(lines[lines.length - 1]).toBe("Content-Length: 0");
    expect(out.statusCode).toBe(200);
  });

  it("keeps an existing To tag", () => {
    const out = handleSipRequest(request("OPTIONS", { to: "<sip:um@127.0.0.1>;tag=mine" }), source);
    expect(responseLines(out.response)).toContain("To: <sip:um@127.0.0.1>;tag=mine");
  });

  it("stamps received and rport on the top Via (RFC 3261 §18.2.1, RFC 3581)", () => {
    const out = handleSipRequest(request("OPTIONS", { via: "SIP/2.0/TCP pbx.contoso.com:5060;branch=z9hG4bKr;rport" }), source);
    expect(responseLines(out.response)[1]).toBe("Via: SIP/2.0/TCP pbx.contoso.com:5060;branch=z9hG4bKr;rport=40000;received=10.0.0.9");
  });

  it.each(["SUBSCRIBE", "NOTIFY", "INVITE", "MESSAGE", "REGISTER", "PUBLISH"])("answers %s with 501 Not Implemented", (method) => {
    const out = handleSipRequest(request(method), source);
    const lines = responseLines(out.response);
    expect(lines[0]).toBe("SIP/2.0 501 Not Implemented");
    expect(lines).toContain(`CSeq: 7 ${method}`);
    expect(lines).toContain("Allow: OPTIONS");
  });

  it("never answers ACK", () => {
    expect(handleSipRequest(request("ACK"), source)).toMatchObject({ response: null, statusCode: null });
  });

  it("answers CANCEL with 481: there is never a transaction to cancel", () => {
    expect(responseLines(handleSipRequest(request("CANCEL"), source).response)[0]).toBe("SIP/2.0 481 Call/Transaction Does Not Exist");
  });

  it("refuses an OPTIONS requiring an unknown extension with 420", () => {
    const lines = responseLines(handleSipRequest(request("OPTIONS", { headers: ["Require: 100rel, timer"] }), source).response);
    expect(lines[0]).toBe("SIP/2.0 420 Bad Extension");
    expect(lines).toContain("Unsupported: 100rel, timer");
  });

  it("answers 400 to a request missing mandatory headers, or whose CSeq names another method", () => {
    const missing = handleSipRequest(request("OPTIONS", { omit: ["Call-ID", "From"] }), source);
    expect(responseLines(missing.response)[0]).toBe("SIP/2.0 400 Bad Request (missing From, Call-ID)");
    const mismatch = handleSipRequest(request("OPTIONS", { cseqMethod: "INVITE" }), source);
    expect(mismatch.statusCode).toBe(400);
  });

  it("drops a request without any Via: a response could not be routed", () => {
    expect(handleSipRequest(request("OPTIONS", { omit: ["Via"] }), source)).toMatchObject({ response: null });
  });
});
