// The SIP listener with the real request handler, fed hostile and well-formed input over TCP.
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { handleSipRequest } from "../sip/handle-request";
import type { ParsedSipMessage } from "../sip/parse-message";
import { SipTcpListener } from "./tcp-listener";

let listener: SipTcpListener;
let port: number;
const responses: Extract<ParsedSipMessage, { kind: "response" }>[] = [];

const options = (branch: string) => "OPTIONS sip:um@127.0.0.1 SIP/2.0\r\n"
  + `Via: SIP/2.0/TCP 127.0.0.1:5099;branch=${branch}\r\nFrom: <sip:pbx@contoso.com>;tag=p\r\n`
  + "To: <sip:um@127.0.0.1>\r\nCall-ID: opt-1\r\nCSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n";

/** Sends chunks, collects everything received until the peer closes or `waitMs` passes. */
function converse(chunks: (string | Buffer)[], waitMs = 150): Promise<{ data: string; closed: boolean }> {
  return new Promise((resolve) => {
    let data = "";
    let closed = false;
    const socket = net.connect({ host: "127.0.0.1", port }, async () => {
      for (const c of chunks) {
        socket.write(c);
        await new Promise((r) => setTimeout(r, 5));
      }
    });
    socket.on("data", (d) => { data += d; });
    socket.on("error", () => undefined);
    socket.on("close", () => { closed = true; });
    setTimeout(() => { socket.destroy(); resolve({ data, closed }); }, waitMs);
  });
}

beforeAll(async () => {
  listener = new SipTcpListener({
    host: "127.0.0.1", port: 0, onRequest: handleSipRequest, onResponse: (r) => responses.push(r),
    framingLimits: { maxHeaderBytes: 4096, maxBodyBytes: 4096 },
  });
  await listener.start();
  port = Number(listener.address!.split(":").pop());
});

afterAll(() => listener.close());

describe("SipTcpListener", () => {
  it("answers OPTIONS sent in pieces", async () => {
    const msg = options("z9hG4bKsplit");
    const { data } = await converse([msg.slice(0, 17), msg.slice(17, 90), msg.slice(90)]);
    expect(data).toMatch(/^SIP\/2\.0 200 OK\r\nVia: SIP\/2\.0\/TCP 127\.0\.0\.1:5099;branch=z9hG4bKsplit\r\n/);
    expect(data).toContain("\r\nAllow: OPTIONS\r\n");
  });

  it("answers a SUBSCRIBE with 501 and drops garbage without closing the connection", async () => {
    const subscribe = options("z9hG4bKsub").replace(/OPTIONS/g, "SUBSCRIBE");
    const { data, closed } = await converse(["this is not SIP\r\n\r\n", subscribe, "\r\n\r\n", options("z9hG4bKafter")]);
    expect(data).toContain("SIP/2.0 501 Not Implemented\r\n");
    expect(data).toContain("branch=z9hG4bKafter");
    expect(data).toContain("\r\n\r\n\r\n"); // the pong after the double-CRLF ping sits between responses
    expect(closed).toBe(false);
  });

  it("closes a connection announcing an absurd body, after answering what came before", async () => {
    const { data, closed } = await converse([options("z9hG4bKbefore") + "NOTIFY sip:x SIP/2.0\r\nContent-Length: 100000000\r\n\r\n"]);
    expect(data).toContain("branch=z9hG4bKbefore");
    expect(closed).toBe(true);
  });

  it("closes a connection whose headers never end", async () => {
    const { closed } = await converse(["OPTIONS sip:x SIP/2.0\r\n", Buffer.alloc(5000, "a")]);
    expect(closed).toBe(true);
  });

  it("hands responses to the client transport instead of answering them", async () => {
    const { data } = await converse(["SIP/2.0 200 OK\r\nVia: SIP/2.0/TCP 127.0.0.1;branch=z9hG4bKlate\r\nCSeq: 1 NOTIFY\r\nContent-Length: 0\r\n\r\n"]);
    expect(data).toBe("");
    expect(responses.map((r) => r.branch)).toContain("z9hG4bKlate");
  });

  it("is still listening after all of that", async () => {
    expect(listener.listening).toBe(true);
    expect((await converse([options("z9hG4bKlast")])).data).toMatch(/^SIP\/2\.0 200 OK/);
  });
});
