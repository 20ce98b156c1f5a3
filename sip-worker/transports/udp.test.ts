// UDP client transactions (RFC 3261 §17.1.2.2) with fake timers: Timer E schedule, the switch to
// T2 after a provisional response, Timer F, and send errors.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { parseSipMessage } from "../sip/parse-message";
import { SipUdpClient } from "./udp";

const timers = { t1Ms: 500, t2Ms: 4000, timerFMs: 32_000 };
const request = { host: "127.0.0.1", port: 5060, branch: "z9hG4bKudp1", method: "NOTIFY", wire: "NOTIFY sip:a@b SIP/2.0\r\n\r\n" };

function response(status: string) {
  const parsed = parseSipMessage([`SIP/2.0 ${status}`, "Via: SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bKudp1", "From: <sip:um@x>;tag=a",
    "To: <sip:a@b>;tag=b", "Call-ID: c", "CSeq: 1 NOTIFY", "Content-Length: 0", "", ""].join("\r\n"));
  if (parsed?.kind !== "response") throw new Error("test response did not parse");
  return parsed;
}

beforeEach(() => { vi.useFakeTimers(); });
afterEach(() => { vi.useRealTimers(); });

describe("SipUdpClient", () => {
  it("retransmits at T1, 2T1, 4T1, then every T2, and times out at Timer F", async () => {
    const sentAt: number[] = [];
    const client = new SipUdpClient({ timers, send: (_d, _h, _p, done) => { sentAt.push(Date.now()); done(null); } });
    const t0 = Date.now();
    const result = client.send(request);
    await vi.advanceTimersByTimeAsync(32_000);
    expect(await result).toMatchObject({ error: "timeout" });
    expect(sentAt.map((t) => t - t0)).toEqual([0, 500, 1500, 3500, 7500, 11_500, 15_500, 19_500, 23_500, 27_500, 31_500]);
  });

  it("moves Timer E to T2 after a provisional response and ends on the final one", async () => {
    const sentAt: number[] = [];
    const client = new SipUdpClient({ timers, send: (_d, _h, _p, done) => { sentAt.push(Date.now()); done(null); } });
    const t0 = Date.now();
    const result = client.send(request);
    await vi.advanceTimersByTimeAsync(600); // sent at 0 and 500
    client.acceptResponse(response("100 Trying"));
    await vi.advanceTimersByTimeAsync(4_500); // next at 600 + 4000
    client.acceptResponse(response("200 OK"));
    expect(await result).toMatchObject({ statusCode: 200 });
    await vi.advanceTimersByTimeAsync(10_000);
    expect(sentAt.map((t) => t - t0)).toEqual([0, 500, 4600]);
  });

  it("fails the transaction when the datagram cannot be sent", async () => {
    const client = new SipUdpClient({ timers, send: (_d, _h, _p, done) => done(Object.assign(new Error("no"), { code: "ENOTFOUND" })) });
    expect(await client.send(request)).toMatchObject({ error: "unreachable", detail: "ENOTFOUND" });
  });
});
