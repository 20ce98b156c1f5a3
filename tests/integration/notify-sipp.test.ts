// End to end over real SIP: the real worker process, sipp as the PBX, a temp SQLite database.
// The test plays the web process: it writes the new MwiState and the pending outbox row in one
// transaction, then checks what the PBX received, how fast, and what the worker recorded.
import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PrismaClient } from "../../lib/generated/sqlite/client";
import {
  createEstate, freePort, makeTempDatabase, openTestDb, simulateWebMwiChange, startSippUas, startWorker, waitFor,
  type SippMessage, type SippUas, type WorkerProcess,
} from "./fixtures";

const SIP_DOMAIN = "um.contoso.com";

let tmp: { dir: string; url: string };
let db: PrismaClient;
let pbx200: SippUas;
let pbx480: SippUas;
let worker: WorkerProcess;
let estates: {
  main: Awaited<ReturnType<typeof createEstate>>;
  noMwi: Awaited<ReturnType<typeof createEstate>>;
  failover: Awaited<ReturnType<typeof createEstate>>;
};

function splitMessage(text: string) {
  const end = text.indexOf("\r\n\r\n");
  const [startLine, ...headerLines] = text.slice(0, end).split("\r\n");
  const headers = new Map<string, string>();
  for (const line of headerLines) {
    const i = line.indexOf(":");
    headers.set(line.slice(0, i).trim().toLowerCase(), line.slice(i + 1).trim());
  }
  return { startLine, headers, body: text.slice(end + 4) };
}

function notifiesFor(pbx: SippUas, extension: string): SippMessage[] {
  return pbx.notifies().filter((m) => m.text.startsWith(`NOTIFY sip:${extension}@`));
}

async function outboxRow(id: string) {
  return db.mwiOutbox.findUniqueOrThrow({ where: { id } });
}

beforeAll(async () => {
  tmp = makeTempDatabase();
  process.env.DATABASE_URL = tmp.url;
  const { migrate } = await import("../../lib/data/migrate");
  await migrate({ quiet: true });
  db = openTestDb(tmp.url);

  const [port200, port480, sipPort, httpPort] = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
  pbx200 = await startSippUas("pbx-uas-200.xml", port200, tmp.dir);
  pbx480 = await startSippUas("pbx-uas-480.xml", port480, tmp.dir);
  estates = {
    main: await createEstate(db, { name: "Main", extension: "4001", gateways: [{ name: "PBX-200", port: port200 }] }),
    noMwi: await createEstate(db, {
      name: "No MWI", extension: "4002", allowMessageWaitingIndicator: false, gateways: [{ name: "PBX-200", port: port200 }],
    }),
    failover: await createEstate(db, {
      name: "Failover", extension: "4003",
      gateways: [{ name: "PBX-480", port: port480 }, { name: "PBX-200", port: port200 }],
    }),
  };
  worker = await startWorker({ DATABASE_URL: tmp.url, SIP_DOMAIN, LOG_LEVEL: "info" }, sipPort, httpPort);
});

afterAll(async () => {
  await Promise.allSettled([worker?.stop(), pbx200?.stop(), pbx480?.stop()]);
  await db?.$disconnect();
  if (process.env.KEEP_IT_TMP) {
    fs.writeFileSync(`${tmp.dir}/worker.log`, worker?.output() ?? "");
    console.log(`kept ${tmp.dir}`);
  }
  else if (tmp) fs.rmSync(tmp.dir, { recursive: true, force: true });
});

describe("MWI NOTIFY to a PBX (sipp) over TCP", () => {
  it("delivers a change within one second, in the DESIGN wire format, and records it", async () => {
    const { mailbox } = estates.main;
    const { row, state } = await simulateWebMwiChange(db, mailbox.id,
      { messagesWaiting: true, newCount: 2, oldCount: 0, newUrgentCount: 1, oldUrgentCount: 0 });
    const committedAt = Date.now();

    const received = await waitFor("NOTIFY for 4001", () => notifiesFor(pbx200, "4001")[0], 5_000);
    // From the outbox row's creation (inside the web's transaction) to sipp logging the NOTIFY.
    const latencyMs = received.receivedAt - row.createdAt.getTime();
    console.log(`NOTIFY latency, outbox row written -> sipp receipt: ${latencyMs} ms (from commit: ${received.receivedAt - committedAt} ms)`);
    expect(latencyMs).toBeLessThan(1_000);

    const { startLine, headers, body } = splitMessage(received.text);
    expect(startLine).toBe(`NOTIFY sip:4001@127.0.0.1:${pbx200.port};transport=tcp SIP/2.0`);
    expect(headers.get("via")).toMatch(new RegExp(`^SIP/2\\.0/TCP 127\\.0\\.0\\.1:${worker.sipPort};branch=z9hG4bK[0-9a-f]+$`));
    expect(headers.get("max-forwards")).toBe("70");
    expect(headers.get("from")).toMatch(/^<sip:um@um\.contoso\.com>;tag=[0-9a-f]+$/);
    expect(headers.get("to")).toBe("<sip:4001@127.0.0.1>");
    expect(headers.get("call-id")).toMatch(/^\S+$/);
    expect(headers.get("cseq")).toBe("1 NOTIFY");
    expect(headers.get("contact")).toBe(`<sip:um@127.0.0.1:${worker.sipPort};transport=tcp>`);
    expect(headers.get("event")).toBe("message-summary");
    expect(headers.get("subscription-state")).toBe("terminated");
    expect(headers.get("content-type")).toBe("application/simple-message-summary");
    expect(Number(headers.get("content-length"))).toBe(Buffer.byteLength(body, "utf8"));
    expect(body).toBe("Messages-Waiting: yes\r\nMessage-Account: sip:4001@um.contoso.com\r\nVoice-Message: 2/0 (1/0)\r\n");

    await waitFor("outbox row delivered", async () => (await outboxRow(row.id)).status === "delivered");
    const done = await outboxRow(row.id);
    expect(done).toMatchObject({ status: "delivered", attempts: 1, claimedBy: null, lastError: null });
    const attempts = await db.deliveryAttempt.findMany({ where: { outboxId: row.id } });
    expect(attempts).toHaveLength(1);
    expect(attempts[0]).toMatchObject({
      ok: true, statusCode: 200, transport: "TCP", target: `127.0.0.1:${pbx200.port}`, gatewayName: "PBX-200",
      messagesWaiting: true, mailboxId: mailbox.id,
    });
    console.log(`NOTIFY round trip recorded by the worker: ${attempts[0].latencyMs} ms`);
    const after = await db.mwiState.findUniqueOrThrow({ where: { mailboxId: mailbox.id } });
    expect(after.deliveredVersion).toBe(state.version);
  });

  it("sends the lamp off on the next change (0 new, 2 old)", async () => {
    const { mailbox } = estates.main;
    const already = notifiesFor(pbx200, "4001").length;
    const { row } = await simulateWebMwiChange(db, mailbox.id,
      { messagesWaiting: false, newCount: 0, oldCount: 2, newUrgentCount: 0, oldUrgentCount: 1 });
    const received = await waitFor("second NOTIFY for 4001", () => notifiesFor(pbx200, "4001")[already], 5_000);
    const { body, headers } = splitMessage(received.text);
    expect(body).toBe("Messages-Waiting: no\r\nMessage-Account: sip:4001@um.contoso.com\r\nVoice-Message: 0/2 (0/1)\r\n");
    expect(Number(headers.get("content-length"))).toBe(Buffer.byteLength(body, "utf8"));
    await waitFor("outbox row delivered", async () => (await outboxRow(row.id)).status === "delivered");
    const attempt = await db.deliveryAttempt.findFirstOrThrow({ where: { outboxId: row.id } });
    expect(attempt).toMatchObject({ ok: true, statusCode: 200, messagesWaiting: false });
  });

  it("sends nothing when the mailbox policy disallows MWI, and says why", async () => {
    const { mailbox, policy } = estates.noMwi;
    const { row } = await simulateWebMwiChange(db, mailbox.id,
      { messagesWaiting: true, newCount: 1, oldCount: 0, newUrgentCount: 0, oldUrgentCount: 0 });
    await waitFor("outbox row completed", async () => (await outboxRow(row.id)).status !== "pending", 5_000);
    const done = await outboxRow(row.id);
    expect(done.status).toBe("skipped");
    expect(done.lastError).toBe(`UM mailbox policy "${policy.name}" has AllowMessageWaitingIndicator set to false.`);
    expect(await db.deliveryAttempt.count({ where: { mailboxId: mailbox.id } })).toBe(0);
    await new Promise((r) => setTimeout(r, 300)); // nothing may trickle in late either
    expect(notifiesFor(pbx200, "4002")).toHaveLength(0);
  });

  it("fails over from a gateway answering 480 to the next gateway of the dial plan", async () => {
    const { mailbox, gateways } = estates.failover;
    const { row } = await simulateWebMwiChange(db, mailbox.id,
      { messagesWaiting: true, newCount: 3, oldCount: 1, newUrgentCount: 0, oldUrgentCount: 0 });
    await waitFor("outbox row delivered", async () => (await outboxRow(row.id)).status === "delivered", 5_000);
    expect(notifiesFor(pbx480, "4003")).toHaveLength(1);
    expect(notifiesFor(pbx200, "4003")).toHaveLength(1);
    expect(splitMessage(notifiesFor(pbx200, "4003")[0].text).body).toContain("Voice-Message: 3/1 (0/0)\r\n");
    const attempts = await db.deliveryAttempt.findMany({ where: { outboxId: row.id }, orderBy: { createdAt: "asc" } });
    expect(attempts.map((a) => [a.gatewayId, a.statusCode, a.ok])).toEqual([
      [gateways[0].id, 480, false],
      [gateways[1].id, 200, true],
    ]);
    expect(attempts[0].reason).toBe("Temporarily Unavailable");
    expect(await outboxRow(row.id)).toMatchObject({ status: "delivered", attempts: 1 });
  });

  it("reports delivery metrics and health", async () => {
    const metrics = await (await fetch(`http://127.0.0.1:${worker.httpPort}/metrics`)).text();
    expect(metrics).toMatch(/lamplighter_mwi_notifies_total\{result="ok",gateway="PBX-200"\} [3-9]/);
    expect(metrics).toMatch(/lamplighter_mwi_notifies_total\{result="rejected",gateway="PBX-480"\} 1/);
    expect(metrics).toMatch(/lamplighter_mwi_delivery_latency_seconds_count [3-9]/);
    expect(metrics).toMatch(/lamplighter_mwi_outbox_depth 0/);
    const health = await fetch(`http://127.0.0.1:${worker.httpPort}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ ok: true, db: { ok: true }, sip: { tcp: { ok: true } } });
  });

  it("logs where it listens, and stops cleanly with exit code 0 on SIGTERM", async () => {
    const lines = worker.output().split("\n").filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.find((l) => l.msg === "sip-worker listening")).toMatchObject({
      tcp: `127.0.0.1:${worker.sipPort}`, http: `127.0.0.1:${worker.httpPort}`,
    });
    expect(await worker.stop()).toBe(0);
    expect(worker.output()).toContain('"msg":"sip-worker stopped"');
  });
});
