// The TCP client transport against an in-process fake PBX on loopback.
import net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { buildMwiNotify } from "../sip/build-notify";
import { parseSipMessage } from "../sip/parse-message";
import { SipStreamFramer } from "./sip-stream-framer";
import { retryAfterMs, SipTcpClient } from "./tcp";

type Reply = (request: string, socket: net.Socket) => void;

interface FakePbx {
  port: number;
  connections: number;
  received: string[];
  close: () => Promise<void>;
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function fakePbx(reply: Reply): Promise<FakePbx> {
  const sockets = new Set<net.Socket>();
  const pbx: FakePbx = { port: 0, connections: 0, received: [], close: async () => undefined };
  const server = net.createServer((socket) => {
    pbx.connections++;
    sockets.add(socket);
    const framer = new SipStreamFramer();
    socket.on("data", (d) => {
      for (const item of framer.push(d)) {
        if (item.type !== "message") continue;
        pbx.received.push(item.data);
        reply(item.data, socket);
      }
    });
    socket.on("error", () => undefined);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  pbx.port = (server.address() as net.AddressInfo).port;
  pbx.close = () => new Promise((r) => { for (const s of sockets) s.destroy(); server.close(() => r()); });
  cleanups.push(pbx.close);
  return pbx;
}

/** A response to `request` (copying Via/From/To/Call-ID/CSeq), as a PBX would send it. */
function responseTo(request: string, status: string, extra: string[] = []): string {
  const keep = request.split("\r\n").filter((l) => /^(Via|From|To|Call-ID|CSeq):/.test(l));
  return [`SIP/2.0 ${status}`, ...keep, ...extra, "Content-Length: 0", "", ""].join("\r\n");
}

function client(timeoutMs = 2_000): SipTcpClient {
  const c = new SipTcpClient({ transactionTimeoutMs: timeoutMs });
  cleanups.push(() => c.close());
  return c;
}

function notify(port: number) {
  const n = buildMwiNotify({
    target: { user: "4001", host: "127.0.0.1", port, transport: "TCP", userPhone: false },
    counts: { messagesWaiting: true, newCount: 1, oldCount: 0, newUrgentCount: 0, oldUrgentCount: 0 },
    sipDomain: "um.contoso.com", local: { host: "127.0.0.1", port: 5060 },
  });
  return { host: "127.0.0.1", port, wire: n.wire, branch: n.branch, method: "NOTIFY" };
}

describe("SipTcpClient", () => {
  it("gets the final response, ignoring provisional ones, over one reused connection", async () => {
    const pbx = await fakePbx((req, socket) => {
      socket.write(responseTo(req, "100 Trying"));
      setTimeout(() => socket.write(responseTo(req, "200 OK")), 5);
    });
    const c = client();
    for (let i = 0; i < 3; i++) {
      const r = await c.send(notify(pbx.port));
      expect(r).toMatchObject({ statusCode: 200, reasonPhrase: "OK" });
      expect("latencyMs" in r && r.latencyMs).toBeGreaterThanOrEqual(0);
    }
    expect(pbx.connections).toBe(1);
    expect(c.connectionCount).toBe(1);
  });

  it("matches many transactions in flight, answered out of order and in one TCP segment", async () => {
    const pending: string[] = [];
    const pbx = await fakePbx((req, socket) => {
      pending.push(req);
      if (pending.length === 5) {
        const codes = ["486 Busy Here", "200 OK", "480 Temporarily Unavailable", "503 Service Unavailable", "202 Accepted"];
        socket.write(pending.map((r, i) => responseTo(r, codes[i], i === 3 ? ["Retry-After: 30 (maintenance)"] : [])).reverse().join(""));
      }
    });
    const c = client();
    const results = await Promise.all(Array.from({ length: 5 }, () => c.send(notify(pbx.port))));
    expect(results.map((r) => ("statusCode" in r ? r.statusCode : r.error))).toEqual([486, 200, 480, 503, 202]);
    expect(results[3]).toMatchObject({ retryAfterMs: 30_000 });
  });

  it("resolves a timeout when no final response comes", async () => {
    const pbx = await fakePbx((req, socket) => socket.write(responseTo(req, "180 Ringing")));
    const r = await client(150).send(notify(pbx.port));
    expect(r).toMatchObject({ error: "timeout" });
    expect("latencyMs" in r && r.latencyMs).toBeGreaterThanOrEqual(140);
  });

  it("resolves refused when nothing listens", async () => {
    const port = await new Promise<number>((resolve) => {
      const s = net.createServer().listen(0, "127.0.0.1", () => {
        const p = (s.address() as net.AddressInfo).port;
        s.close(() => resolve(p));
      });
    });
    expect(await client().send(notify(port))).toMatchObject({ error: "refused" });
  });

  it("fails the transactions of a connection the peer closes, and reconnects on the next send", async () => {
    let first = true;
    const pbx = await fakePbx((req, socket) => {
      if (first) {
        first = false;
        socket.destroy(); // peer drops the connection mid-transaction
      } else socket.write(responseTo(req, "200 OK"));
    });
    const c = client();
    const r1 = await c.send(notify(pbx.port));
    expect(r1).toHaveProperty("error");
    expect(["closed", "reset"]).toContain("error" in r1 ? r1.error : "");
    const r2 = await c.send(notify(pbx.port));
    expect(r2).toMatchObject({ statusCode: 200 });
    expect(pbx.connections).toBe(2);
  });

  it("closes an idle connection and opens a new one for the next request", async () => {
    const pbx = await fakePbx((req, socket) => socket.write(responseTo(req, "200 OK")));
    const c = new SipTcpClient({ transactionTimeoutMs: 1_000, idleTimeoutMs: 40 });
    cleanups.push(() => c.close());
    expect(await c.send(notify(pbx.port))).toMatchObject({ statusCode: 200 });
    await new Promise((r) => setTimeout(r, 150));
    expect(c.connectionCount).toBe(0);
    expect(await c.send(notify(pbx.port))).toMatchObject({ statusCode: 200 });
    expect(pbx.connections).toBe(2);
  });

  it("drops a connection that sends garbage framing, failing its transactions as protocol errors", async () => {
    const pbx = await fakePbx((_req, socket) => socket.write("SIP/2.0 200 OK\r\nContent-Length: 999999999\r\n\r\n"));
    expect(await client().send(notify(pbx.port))).toMatchObject({ error: "protocol" });
  });

  it("answers a peer's OPTIONS on the same connection when given a request handler", async () => {
    let answer = "";
    const pbx = await fakePbx((req, socket) => {
      if (req.startsWith("NOTIFY")) {
        socket.write("OPTIONS sip:um@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/TCP 127.0.0.1;branch=z9hG4bKping\r\nFrom: <sip:pbx@x>;tag=1\r\n"
          + "To: <sip:um@x>\r\nCall-ID: ping\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n");
        setTimeout(() => socket.write(responseTo(req, "200 OK")), 5);
      } else answer = req;
    });
    const c = new SipTcpClient({
      transactionTimeoutMs: 1_000,
      onRequest: () => ({ response: "SIP/2.0 200 OK\r\nContent-Length: 0\r\n\r\n", statusCode: 200, note: "" }),
    });
    cleanups.push(() => c.close());
    expect(await c.send(notify(pbx.port))).toMatchObject({ statusCode: 200 });
    await new Promise((r) => setTimeout(r, 20));
    expect(answer).toBe("SIP/2.0 200 OK\r\nContent-Length: 0\r\n\r\n");
  });

  it("matches a response that arrives on another connection (RFC 3261 §18.2.2) through acceptResponse", async () => {
    let captured = "";
    const pbx = await fakePbx((req) => { captured = req; });
    const c = client();
    const sending = c.send(notify(pbx.port));
    await new Promise((r) => setTimeout(r, 30));
    const parsed = parseSipMessage(responseTo(captured, "200 OK"));
    if (parsed?.kind !== "response") throw new Error("bad response");
    c.acceptResponse(parsed);
    expect(await sending).toMatchObject({ statusCode: 200 });
  });
});

describe("retryAfterMs", () => {
  it("reads delta-seconds and ignores comments and parameters", () => {
    expect(retryAfterMs("120 (I'm in a meeting);duration=3600")).toBe(120_000);
    expect(retryAfterMs(undefined)).toBeUndefined();
    expect(retryAfterMs("soon")).toBeUndefined();
  });
});
