// Hostile input against the real worker's listeners: 10,000 malformed messages (random bytes,
// mutated valid SIP, oversized headers and bodies, bad Content-Length, bare LF, unknown methods,
// binary) over TCP and UDP on loopback, then a peer opening more connections than the cap. After
// all of it the same worker process must still answer OPTIONS and SUBSCRIBE and report healthy.
import fs from "node:fs";
import net from "node:net";
import dgram from "node:dgram";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PrismaClient } from "../../lib/generated/sqlite/client";
import { createEstate, freePort, makeTempDatabase, openTestDb, sipExchange, startWorker, type WorkerProcess } from "./fixtures";

const MESSAGES = 10_000;
const MAX_CONNECTIONS = 64;

let tmp: { dir: string; url: string };
let db: PrismaClient;
let worker: WorkerProcess;

/** Deterministic PRNG (mulberry32) so a failing run can be replayed. */
function prng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function valid(method: string, transport: "TCP" | "UDP", i: number, body = ""): string {
  return [
    `${method} sip:4401@127.0.0.1 SIP/2.0`,
    `Via: SIP/2.0/${transport} 127.0.0.1:9;branch=z9hG4bKfuzz${i}`,
    `From: <sip:fuzz@127.0.0.1>;tag=f${i}`, "To: <sip:4401@127.0.0.1>", `Call-ID: fuzz-${i}`, `CSeq: ${i} ${method}`,
    "Contact: <sip:fuzz@127.0.0.1:9>", "Event: message-summary", "Max-Forwards: 70",
    `Content-Length: ${Buffer.byteLength(body)}`, "", body,
  ].join("\r\n");
}

function malformed(rand: () => number, i: number, transport: "TCP" | "UDP"): Buffer {
  const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)];
  const base = valid(pick(["OPTIONS", "SUBSCRIBE", "NOTIFY", "INVITE", "FOO", "BAR-BAZ"]), transport, i, rand() < 0.3 ? "x".repeat(40) : "");
  switch (i % 10) {
    case 0: // random bytes
      return Buffer.from(Array.from({ length: 1 + Math.floor(rand() * 1500) }, () => Math.floor(rand() * 256)));
    case 1: { // byte flips in a valid message
      const b = Buffer.from(base);
      for (let k = 0; k < 1 + rand() * 8; k++) b[Math.floor(rand() * b.length)] = Math.floor(rand() * 256);
      return b;
    }
    case 2: // truncated
      return Buffer.from(base.slice(0, Math.floor(rand() * base.length)));
    case 3: // Content-Length larger, smaller, negative, garbage, huge
      return Buffer.from(base.replace(/Content-Length: \d+/, `Content-Length: ${pick(["999", "-5", "abc", "99999999999", "3", "1e3", ""])}`));
    case 4: // bare LF line ends
      return Buffer.from(base.replace(/\r\n/g, "\n"));
    case 5: // oversized header line (well over the 16 KiB header cap)
      return Buffer.from(base.replace("Max-Forwards: 70", `X-Junk: ${"A".repeat(20_000 + Math.floor(rand() * 40_000))}`));
    case 6: // unknown method / bad request line
      return Buffer.from(base.replace(/^\S+ \S+ SIP\/2\.0/, pick(["GARBAGE", "OPTIONS", "OPTIONS sip:x SIP/9.9", "\u0000\u0001 sip:a SIP/2.0", "SIP/2.0 200"])));
    case 7: // headers missing or duplicated
      return Buffer.from(base.replace(/\r\n(From|To|Call-ID|CSeq|Via):[^\r]*/, "").replace("Max-Forwards: 70", "CSeq: x y\r\nVia: ;;;\r\nVia: SIP/2.0/TCP"));
    case 8: // binary in header values
      return Buffer.concat([Buffer.from(base.slice(0, 60)), Buffer.from([0, 0xff, 0xfe, 0x0d, 0x00, 0x0a]), Buffer.from(base.slice(60))]);
    default: // body bigger than the 64 KiB body cap, announced
      return Buffer.from(base.replace(/Content-Length: \d+/, `Content-Length: ${70_000 + Math.floor(rand() * 1_000_000)}`));
  }
}

beforeAll(async () => {
  tmp = makeTempDatabase("lamplighter-fuzz-");
  process.env.DATABASE_URL = tmp.url;
  const { migrate } = await import("../../lib/data/migrate");
  await migrate({ quiet: true });
  db = openTestDb(tmp.url);
  await createEstate(db, { name: "Fuzz", extension: "4401", gateways: [] });
  const [sipPort, httpPort] = await Promise.all([freePort(), freePort()]);
  worker = await startWorker({
    DATABASE_URL: tmp.url, SIP_MAX_CONNECTIONS: String(MAX_CONNECTIONS), LOG_LEVEL: "warn",
  }, sipPort, httpPort);
});

afterAll(async () => {
  await worker?.stop();
  await db?.$disconnect();
  if (tmp) fs.rmSync(tmp.dir, { recursive: true, force: true });
});

async function stillServing() {
  for (const transport of ["tcp", "udp"] as const) {
    const options = await sipExchange({ transport, port: worker.sipPort, message: valid("OPTIONS", transport === "tcp" ? "TCP" : "UDP", 1_000_000 + Math.floor(Math.random() * 1e6)) });
    expect(options).toMatch(/^SIP\/2\.0 200 OK\r\n/);
  }
  const health = await fetch(`http://127.0.0.1:${worker.httpPort}/healthz`);
  expect(health.status).toBe(200);
}

describe("the worker's SIP listeners under hostile input", () => {
  it(`survives ${MESSAGES} malformed messages over TCP and UDP and still serves SUBSCRIBE`, async () => {
    const pid = worker.child.pid;
    const rand = prng(20260426);
    const started = Date.now();
    // UDP: half the messages, paced in bursts so loopback buffers are not simply overrun.
    const udp = dgram.createSocket("udp4");
    let udpReplies = 0;
    udp.on("message", () => { udpReplies++; });
    for (let i = 0; i < MESSAGES / 2; i++) {
      const m = malformed(rand, i, "UDP");
      await new Promise<void>((r) => udp.send(m.subarray(0, 65_000), worker.sipPort, "127.0.0.1", () => r()));
      if (i % 100 === 99) await new Promise((r) => setTimeout(r, 2));
    }
    // TCP: the other half, five per connection, 25 connections at a time.
    let tcpReplies = 0;
    const tcpBatch = (msgs: Buffer[]) => new Promise<void>((resolve) => {
      const s = net.connect({ host: "127.0.0.1", port: worker.sipPort }, () => {
        for (const m of msgs) s.write(m);
        s.end();
      });
      s.on("data", (d) => { tcpReplies += (d.toString("latin1").match(/^SIP\/2\.0 /gm) ?? []).length; });
      s.on("error", () => undefined);
      s.on("close", () => resolve());
      s.setTimeout(3_000, () => s.destroy());
    });
    const batches: Buffer[][] = [];
    for (let i = MESSAGES / 2; i < MESSAGES; i += 5) batches.push(Array.from({ length: 5 }, (_, k) => malformed(rand, i + k, "TCP")));
    for (let i = 0; i < batches.length; i += 25) await Promise.all(batches.slice(i, i + 25).map(tcpBatch));
    udp.close();
    console.log(`fuzz: ${MESSAGES} messages in ${Date.now() - started} ms; answers: ${udpReplies} over UDP, ${tcpReplies} over TCP`);

    await stillServing();
    const subscribe = valid("SUBSCRIBE", "TCP", 42).replace("Content-Length: 0", "Expires: 120\r\nContent-Length: 0");
    expect(await sipExchange({ transport: "tcp", port: worker.sipPort, message: subscribe })).toMatch(/^SIP\/2\.0 200 OK\r\n/);
    expect(worker.child.pid).toBe(pid);
    expect(worker.child.exitCode).toBeNull();
    expect(worker.output()).not.toMatch(/"level":60|uncaught|unhandled/i);
  });

  it(`bounds a peer that opens many connections (cap ${MAX_CONNECTIONS}) and recovers when it leaves`, async () => {
    const sockets: net.Socket[] = [];
    let closedByServer = 0;
    await Promise.all(Array.from({ length: MAX_CONNECTIONS * 3 }, () => new Promise<void>((resolve) => {
      const s = net.connect({ host: "127.0.0.1", port: worker.sipPort }, () => resolve());
      s.on("error", () => resolve());
      s.on("close", () => { closedByServer++; });
      sockets.push(s);
    })));
    await new Promise((r) => setTimeout(r, 300));
    console.log(`connections: ${sockets.length} opened, ${closedByServer} closed by the worker at once (cap ${MAX_CONNECTIONS})`);
    expect(closedByServer).toBeGreaterThanOrEqual(sockets.length - MAX_CONNECTIONS);
    for (const s of sockets) s.destroy();
    await new Promise((r) => setTimeout(r, 200));
    await stillServing();
  });
});
