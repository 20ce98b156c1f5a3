// The http provider against a real local HTTP server that checks the signature the way a receiver
// would, each answer class mapped to sent / retry / failed; then the worker end to end with
// SMS_PROVIDER=http (one signed POST per text), and with the default outbox provider (delivered
// at once, nothing leaves the machine).
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PrismaClient } from "../../lib/generated/sqlite/client";
import { HttpSmsProvider } from "../../lib/sms/http-provider";
import { verifySignature } from "../../lib/sms/http-signature";
import { freePort, makeTempDatabase, openTestDb, startWorker, waitFor, type WorkerProcess } from "./fixtures";
import { ADMIN, createSmsMailbox } from "./sms-fixtures";

const SECRET = "webhook-secret";

interface Received {
  body: { to: string; body: string; idempotencyKey: string; kind: string };
  idempotencyKey: string | undefined;
  signature: ReturnType<typeof verifySignature>;
}

let server: http.Server;
let url: string;
const received: Received[] = [];
/** The answer for a request to this phone number: [status, headers, body]. */
let answer: (to: string) => [number, Record<string, string>, string] = () => [202, { "content-type": "application/json" }, '{"id":"agg-1"}'];

let tmp: { dir: string; url: string };
let db: PrismaClient;
const stops: (() => Promise<unknown>)[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let raw = "";
    req.on("data", (d) => { raw += d; });
    req.on("end", () => {
      const body = JSON.parse(raw) as Received["body"];
      received.push({
        body, idempotencyKey: req.headers["idempotency-key"] as string | undefined,
        signature: verifySignature(req.headers["x-lamplighter-signature"] as string, raw, SECRET, Math.floor(Date.now() / 1000)),
      });
      if (body.to === "+14255552999") return; // never answers: the client's timeout
      const [status, headers, text] = answer(body.to);
      res.writeHead(status, headers).end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/sms`;
  stops.push(() => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }));

  tmp = makeTempDatabase("lamplighter-smshttp-");
  process.env.DATABASE_URL = tmp.url;
  const { migrate } = await import("../../lib/data/migrate");
  await migrate({ quiet: true });
  db = openTestDb(tmp.url);
});

afterAll(async () => {
  for (const stop of stops.reverse()) await stop().catch(() => undefined);
  await db?.$disconnect();
  if (tmp) fs.rmSync(tmp.dir, { recursive: true, force: true });
});

const text = (to: string, key = `voicemail:${to}`) => ({ id: "row-1", kind: "voicemail", to, body: "New voice mail: hi", idempotencyKey: key });

describe("http provider", () => {
  // Generous by default: the first request of a cold process (and a busy CI machine) is slow.
  const provider = (timeoutMs = 5_000) => new HttpSmsProvider({ url, secret: SECRET, timeoutMs });

  it("POSTs {to, body, idempotencyKey} signed with HMAC-SHA256 over timestamp and body; 2xx is sent", async () => {
    const r = await provider().send(text("+14255552001"));
    expect(r).toEqual({ ok: true, status: "sent", providerMessageId: "agg-1" });
    const got = received.at(-1)!;
    expect(got.signature).toEqual({ ok: true });
    expect(got.body).toEqual({ to: "+14255552001", body: "New voice mail: hi", idempotencyKey: "voicemail:+14255552001", kind: "voicemail" });
    expect(got.idempotencyKey).toBe("voicemail:+14255552001");
    const wrongKey = new HttpSmsProvider({ url, secret: "not-the-secret", timeoutMs: 5_000 });
    await wrongKey.send(text("+14255552001"));
    expect(received.at(-1)!.signature).toEqual({ ok: false, why: "mismatch" });
  });

  it("maps 400 to failed, 429 to a retry after Retry-After, 5xx, timeouts and refused connections to retries", async () => {
    answer = (to) => {
      if (to === "+14255552400") return [400, {}, "bad number"];
      if (to === "+14255552429") return [429, { "retry-after": "3" }, ""];
      return [503, {}, ""];
    };
    expect(await provider().send(text("+14255552400"))).toEqual({ ok: false, retryable: false, reason: "HTTP 400" });
    expect(await provider().send(text("+14255552429"))).toEqual({ ok: false, retryable: true, reason: "HTTP 429 Too Many Requests", retryAfterMs: 3000 });
    expect(await provider().send(text("+14255552503"))).toMatchObject({ ok: false, retryable: true, reason: "HTTP 503" });
    expect(await provider(300).send(text("+14255552999"))).toEqual({ ok: false, retryable: true, reason: "network: timeout after 300 ms" });
    const refused = new HttpSmsProvider({ url: `http://127.0.0.1:${await freePort()}/`, secret: SECRET, timeoutMs: 5_000 });
    expect(await refused.send(text("+14255552001"))).toEqual({ ok: false, retryable: true, reason: "network: ECONNREFUSED" });
    answer = () => [202, {}, ""];
  });
});

describe("the worker with SMS_PROVIDER=http, then with the default outbox provider", () => {
  let services: typeof import("../../lib/services/voice-messages");
  beforeAll(async () => {
    services = await import("../../lib/services/voice-messages");
  });

  async function startWith(env: Record<string, string>): Promise<WorkerProcess> {
    const [sip, httpPort] = await Promise.all([freePort(), freePort()]);
    const w = await startWorker({ DATABASE_URL: tmp.url, LOG_LEVEL: "warn", SIP_UDP_PORT: String(sip), WORKER_POLL_MS: "50", ...env }, sip, httpPort);
    stops.push(() => w.stop());
    return w;
  }

  it("sends one signed request per text, retrying a 503, and records it sent", async () => {
    const worker = await startWith({ SMS_PROVIDER: "http", SMS_HTTP_URL: url, SMS_HTTP_SECRET: SECRET, SMS_RETRY_BASE_MS: "200", SMS_RETRY_MAX_MS: "400" });
    const mailbox = await createSmsMailbox(db, { name: "Http Carol", extension: "5201", phone: "+14255552101" });
    let calls = 0;
    answer = (to) => (to === "+14255552101" && calls++ === 0 ? [503, {}, ""] : [202, {}, '{"messageId":"agg-77"}']);
    const msg = await services.postVoiceMessage(mailbox.id, { callerId: "+14255550100", durationSeconds: 5, preview: "webhook me" }, ADMIN);
    const row = await waitFor("text sent", async () => {
      const r = await db.smsOutbox.findUnique({ where: { idempotencyKey: `voicemail:${msg.id}` } });
      return r?.status === "sent" ? r : null;
    }, 10_000);
    expect(row).toMatchObject({ attempts: 2, providerMessageId: "agg-77", reason: null });
    const mine = received.filter((r) => r.body.to === "+14255552101");
    expect(mine).toHaveLength(2); // the 503 and the 202, both with the same key
    expect(mine.every((r) => r.signature.ok && r.idempotencyKey === `voicemail:${msg.id}`)).toBe(true);
    expect(mine[1].body.body).toContain("webhook me");
    await worker.stop();
  });

  it("outbox provider: the text is delivered at once and nothing is sent anywhere", async () => {
    const before = received.length;
    await startWith({});
    const mailbox = await createSmsMailbox(db, { name: "Outbox Dave", extension: "5202", phone: "+14255552102" });
    const msg = await services.postVoiceMessage(mailbox.id, { callerId: "+14255550100", durationSeconds: 5, preview: "stay local" }, ADMIN);
    const row = await waitFor("text delivered", async () => {
      const r = await db.smsOutbox.findUnique({ where: { idempotencyKey: `voicemail:${msg.id}` } });
      return r?.status === "delivered" ? r : null;
    }, 10_000);
    expect(row.providerMessageId).toBe(`outbox:${row.id}`);
    expect(row.body).toContain("stay local");
    expect(received.length).toBe(before);
  });
});
