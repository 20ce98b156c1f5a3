// The delivery logic against a real (temp) SQLite database, with a scripted SIP client instead
// of the network: leases, coalescing, retries and the retry window, failover order, transports
// not implemented yet, and "final-off". Deterministic: time and randomness are injected.
import fs from "node:fs";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PrismaClient } from "../../lib/generated/sqlite/client";
import type { SipClient, SipRequestToSend, SipSendResult } from "../../sip-worker/transports/sip-client";
import type { DeliveryDeps } from "../../sip-worker/outbox/deliver-mwi";
import { createEstate, makeTempDatabase, openTestDb, simulateWebMwiChange } from "./fixtures";

type DeliveryData = typeof import("../../lib/data/mwi-delivery");
type Deliver = typeof import("../../sip-worker/outbox/deliver-mwi").deliverMwi;

let tmp: { dir: string; url: string };
let db: PrismaClient;
let data: DeliveryData;
let deliverMwi: Deliver;
let estateSeq = 0;

const COUNTS = { messagesWaiting: true, newCount: 1, oldCount: 0, newUrgentCount: 0, oldUrgentCount: 0 };
const RETRY = { windowMs: 300_000, baseMs: 2_000, maxMs: 60_000 };

/** Answers per "host:port" in order; the last answer repeats. */
class ScriptedSipClient implements SipClient {
  readonly sent: SipRequestToSend[] = [];
  constructor(private readonly script: Record<string, SipSendResult[]>) {}
  async send(req: SipRequestToSend): Promise<SipSendResult> {
    this.sent.push(req);
    const answers = this.script[`${req.host}:${req.port}`] ?? [{ error: "refused", latencyMs: 0 }];
    return answers.length > 1 ? answers.shift()! : answers[0];
  }
  async close(): Promise<void> {}
}

const OK: SipSendResult = { statusCode: 200, reasonPhrase: "OK", latencyMs: 3 };

function deps(client: SipClient, over: Partial<DeliveryDeps> = {}): DeliveryDeps {
  return {
    workerId: "worker-a",
    clients: { TCP: client },
    local: { TCP: { host: "192.0.2.10", port: 5060 } },
    sipDomain: "um.contoso.com",
    retryPolicy: RETRY,
    leaseMs: 30_000,
    transactionTimeoutMs: 8_000,
    udpTransactionTimeoutMs: 32_000,
    logger: pino({ level: "silent" }),
    random: () => 0.5,
    ...over,
  };
}

async function estate(o: Partial<Parameters<typeof createEstate>[1]> = {}) {
  estateSeq += 1;
  return createEstate(db, {
    name: `E${estateSeq}`, extension: String(5000 + estateSeq),
    gateways: [{ name: `GW${estateSeq}`, address: "10.0.0.1", port: 5060 }],
    ...o,
  });
}

/** Claims every due row; each test leaves none pending, so they all belong to its own mailbox. */
async function claimAll(workerId = "worker-a", now = new Date()) {
  const rows = await data.claimDueOutboxRows({ workerId, now, leaseMs: 30_000, limit: 100 });
  if (new Set(rows.map((r) => r.mailboxId)).size > 1) throw new Error("a previous test left rows pending");
  return rows;
}

function bodyOf(wire: string): string {
  return wire.slice(wire.indexOf("\r\n\r\n") + 4);
}

beforeAll(async () => {
  tmp = makeTempDatabase("lamplighter-delivery-");
  process.env.DATABASE_URL = tmp.url;
  const { migrate } = await import("../../lib/data/migrate");
  await migrate({ quiet: true });
  db = openTestDb(tmp.url);
  data = await import("../../lib/data/mwi-delivery");
  deliverMwi = (await import("../../sip-worker/outbox/deliver-mwi")).deliverMwi;
});

afterAll(async () => {
  await db?.$disconnect();
  await (await import("../../lib/data/db-lifecycle")).disconnectDatabase();
  if (tmp) fs.rmSync(tmp.dir, { recursive: true, force: true });
});

describe("claiming outbox rows", () => {
  it("gives a row to one worker until its lease expires, then lets another take it over", async () => {
    const { mailbox } = await estate();
    const { row } = await simulateWebMwiChange(db, mailbox.id, COUNTS);
    const now = new Date();
    const a = await claimAll("worker-a", now);
    expect(a.map((r) => r.id)).toEqual([row.id]);
    expect(await claimAll("worker-b", now)).toEqual([]);
    const later = new Date(now.getTime() + 31_000);
    const b = await claimAll("worker-b", later);
    expect(b.map((r) => r.id)).toEqual([row.id]);
    expect(await db.mwiOutbox.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({ claimedBy: "worker-b" });
    await db.mwiOutbox.update({ where: { id: row.id }, data: { status: "failed", claimedBy: null } });
  });

  it("does not start a second delivery for a mailbox whose delivery is in flight", async () => {
    const { mailbox } = await estate();
    await simulateWebMwiChange(db, mailbox.id, COUNTS);
    const first = await claimAll();
    expect(first).toHaveLength(1);
    await simulateWebMwiChange(db, mailbox.id, { ...COUNTS, newCount: 2 });
    expect(await claimAll("worker-b")).toEqual([]); // lease on the first row still live
    expect(await data.claimDueOutboxRows({
      workerId: "worker-a", now: new Date(), leaseMs: 30_000, limit: 100, busyMailboxIds: [mailbox.id],
    })).toEqual([]);
    await db.mwiOutbox.updateMany({ where: { mailboxId: mailbox.id }, data: { status: "failed", claimedBy: null } });
  });

  it("leaves rows that are not due yet", async () => {
    const { mailbox } = await estate();
    const { row } = await simulateWebMwiChange(db, mailbox.id, COUNTS);
    await db.mwiOutbox.update({ where: { id: row.id }, data: { nextAttemptAt: new Date(Date.now() + 60_000) } });
    expect(await claimAll()).toEqual([]);
    await db.mwiOutbox.update({ where: { id: row.id }, data: { status: "failed" } });
  });
});

describe("delivering", () => {
  it("coalesces several pending changes into one NOTIFY with the current state", async () => {
    const { mailbox } = await estate();
    const writes = [];
    for (const n of [1, 2, 3]) writes.push(await simulateWebMwiChange(db, mailbox.id, { ...COUNTS, newCount: n }));
    const client = new ScriptedSipClient({ "10.0.0.1:5060": [OK] });
    const rows = await claimAll();
    expect(rows).toHaveLength(3);
    const outcome = await deliverMwi(rows, deps(client));
    expect(outcome).toMatchObject({ status: "delivered", stateVersion: 3 });
    expect(client.sent).toHaveLength(1);
    expect(bodyOf(client.sent[0].wire)).toContain("Voice-Message: 3/0 (0/0)");
    const after = await db.mwiOutbox.findMany({ where: { mailboxId: mailbox.id }, orderBy: { stateVersion: "asc" } });
    expect(after.map((r) => r.status)).toEqual(["superseded", "superseded", "delivered"]);
    expect(after[0].lastError).toBe(`superseded by ${writes[2].row.id}`);
    expect((await db.mwiState.findUniqueOrThrow({ where: { mailboxId: mailbox.id } })).deliveredVersion).toBe(3);
  });

  it("does not send again a change whose state was already delivered", async () => {
    const { mailbox } = await estate();
    await simulateWebMwiChange(db, mailbox.id, COUNTS);
    const client = new ScriptedSipClient({ "10.0.0.1:5060": [OK] });
    await deliverMwi(await claimAll(), deps(client));
    // A duplicate row for the same version (e.g. written while the first delivery read the state).
    const dup = await db.mwiOutbox.create({ data: { mailboxId: mailbox.id, stateVersion: 1 } });
    const outcome = await deliverMwi(await claimAll(), deps(client));
    expect(outcome).toMatchObject({ status: "superseded" });
    expect(client.sent).toHaveLength(1);
    expect(await db.mwiOutbox.findUniqueOrThrow({ where: { id: dup.id } })).toMatchObject({
      status: "superseded", lastError: "State version 1 was already delivered.",
    });
  });

  it("tries only gateways that allow MWI, in the dial plan's order", async () => {
    const { mailbox, gateways } = await estate({
      gateways: [
        { name: "Off-1", address: "10.0.1.1", port: 5060, messageWaitingIndicatorAllowed: false },
        { name: "Down-2", address: "10.0.1.2", port: 5060 },
        { name: "Up-3", address: "10.0.1.3", port: 5070 },
      ],
    });
    await simulateWebMwiChange(db, mailbox.id, COUNTS);
    const client = new ScriptedSipClient({
      "10.0.1.2:5060": [{ error: "timeout", detail: "no final response within 8000 ms", latencyMs: 8000 }],
      "10.0.1.3:5070": [OK],
    });
    const outcome = await deliverMwi(await claimAll(), deps(client));
    expect(outcome).toMatchObject({ status: "delivered", gatewayName: "Up-3" });
    expect(client.sent.map((s) => `${s.host}:${s.port}`)).toEqual(["10.0.1.2:5060", "10.0.1.3:5070"]);
    const attempts = await db.deliveryAttempt.findMany({ where: { mailboxId: mailbox.id }, orderBy: { createdAt: "asc" } });
    expect(attempts.map((a) => [a.gatewayId, a.ok, a.statusCode, a.target])).toEqual([
      [gateways[1].id, false, null, "10.0.1.2:5060"],
      [gateways[2].id, true, 200, "10.0.1.3:5070"],
    ]);
    expect(attempts[0].reason).toMatch(/^timeout/);
    expect(attempts[0].latencyMs).toBe(8000);
  });

  it("reschedules with backoff (honouring Retry-After) and gives up after the retry window", async () => {
    const { mailbox } = await estate();
    const { row } = await simulateWebMwiChange(db, mailbox.id, COUNTS);
    const busy: SipSendResult = { statusCode: 503, reasonPhrase: "Service Unavailable", retryAfterMs: 20_000, latencyMs: 2 };
    const client = new ScriptedSipClient({ "10.0.0.1:5060": [busy] });
    const t0 = new Date();
    const first = await deliverMwi(await claimAll("worker-a", t0), deps(client, { now: () => t0 }));
    expect(first).toMatchObject({ status: "rescheduled" });
    let r = await db.mwiOutbox.findUniqueOrThrow({ where: { id: row.id } });
    expect(r).toMatchObject({ status: "pending", attempts: 1, claimedBy: null, leaseUntil: null });
    expect(r.firstAttemptAt?.getTime()).toBe(t0.getTime());
    expect(r.nextAttemptAt.getTime()).toBe(t0.getTime() + 20_000); // Retry-After beats the 1.5 s backoff
    expect(r.lastError).toContain("503 Service Unavailable");

    // Next round, past the five-minute window: the row fails for good.
    const t1 = new Date(t0.getTime() + RETRY.windowMs - 1_000);
    const second = await deliverMwi(await claimAll("worker-a", t1), deps(client, { now: () => t1 }));
    expect(second).toMatchObject({ status: "failed" });
    r = await db.mwiOutbox.findUniqueOrThrow({ where: { id: row.id } });
    expect(r).toMatchObject({ status: "failed", attempts: 2, claimedBy: null });
    expect(r.lastError).toMatch(/^Gave up after 2 round\(s\) over 300 s: .*503 Service Unavailable/);
    expect(await db.deliveryAttempt.count({ where: { outboxId: row.id } })).toBe(2);
  });

  it("records a transport this worker has no client for as a failed attempt, without retrying", async () => {
    const { mailbox } = await estate({ voipSecurity: "Secured" });
    const { row } = await simulateWebMwiChange(db, mailbox.id, COUNTS);
    const client = new ScriptedSipClient({});
    const outcome = await deliverMwi(await claimAll(), deps(client));
    expect(outcome).toMatchObject({ status: "failed" });
    expect(client.sent).toHaveLength(0);
    const attempt = await db.deliveryAttempt.findFirstOrThrow({ where: { outboxId: row.id } });
    expect(attempt).toMatchObject({ ok: false, transport: "TLS", reason: "transport TLS not enabled on this worker", statusCode: null });
  });

  it("uses TLS (sips:) for a Secured dial plan and UDP for a gateway set to UDP, each over its own client", async () => {
    const { mailbox, gateways } = await estate({
      voipSecurity: "Secured",
      gateways: [{ name: `UDP-${estateSeq + 1}`, address: "10.0.3.1", port: 5060 }, { name: `TLS-${estateSeq + 1}`, address: "pbx.example.com", port: 5061 }],
    });
    await db.umIpGateway.update({ where: { id: gateways[0].id }, data: { transport: "UDP" } });
    const { row } = await simulateWebMwiChange(db, mailbox.id, COUNTS);
    const udp = new ScriptedSipClient({ "10.0.3.1:5060": [{ statusCode: 480, reasonPhrase: "Temporarily Unavailable", latencyMs: 1 }] });
    const tls = new ScriptedSipClient({ "pbx.example.com:5061": [OK] });
    const local = { host: "192.0.2.10", port: 5060 };
    const outcome = await deliverMwi(await claimAll(), deps(new ScriptedSipClient({}), {
      clients: { UDP: udp, TLS: tls }, local: { UDP: local, TLS: { ...local, port: 5061 } },
    }));
    expect(outcome).toMatchObject({ status: "delivered" });
    expect(udp.sent[0].wire).toMatch(/^NOTIFY sip:\d+@10\.0\.3\.1:5060;transport=udp SIP\/2\.0\r\nVia: SIP\/2\.0\/UDP 192\.0\.2\.10:5060;/);
    expect(tls.sent[0].wire).toMatch(/^NOTIFY sips:\d+@pbx\.example\.com:5061 SIP\/2\.0\r\nVia: SIP\/2\.0\/TLS 192\.0\.2\.10:5061;/);
    const attempts = await db.deliveryAttempt.findMany({ where: { outboxId: row.id }, orderBy: { createdAt: "asc" } });
    expect(attempts.map((a) => [a.transport, a.statusCode, a.ok])).toEqual([["UDP", 480, false], ["TLS", 200, true]]);
  });

  it("skips with the eligibility explanation when no gateway allows MWI", async () => {
    const { mailbox } = await estate({ gateways: [{ name: "Quiet", address: "10.0.2.1", port: 5060, messageWaitingIndicatorAllowed: false }] });
    const { row } = await simulateWebMwiChange(db, mailbox.id, COUNTS);
    const outcome = await deliverMwi(await claimAll(), deps(new ScriptedSipClient({})));
    expect(outcome).toMatchObject({ status: "skipped" });
    expect((await db.mwiOutbox.findUniqueOrThrow({ where: { id: row.id } })).lastError)
      .toBe('No UM IP gateway of the dial plan allows MWI: "Quiet" (MessageWaitingIndicatorAllowed is false).');
  });

  it("sends one final Messages-Waiting: no when the policy turned MWI off (final-off)", async () => {
    const { mailbox, policy } = await estate();
    await simulateWebMwiChange(db, mailbox.id, { ...COUNTS, newCount: 4 });
    await db.mwiOutbox.updateMany({ where: { mailboxId: mailbox.id }, data: { status: "delivered" } });
    await db.umMailboxPolicy.update({ where: { id: policy.id }, data: { allowMessageWaitingIndicator: false } });
    await db.mwiOutbox.create({ data: { mailboxId: mailbox.id, stateVersion: 1, kind: "final-off" } });
    const client = new ScriptedSipClient({ "10.0.0.1:5060": [OK] });
    const outcome = await deliverMwi(await claimAll(), deps(client));
    expect(outcome).toMatchObject({ status: "delivered" });
    expect(bodyOf(client.sent[0].wire)).toBe(
      `Messages-Waiting: no\r\nMessage-Account: sip:${mailbox.extension}@um.contoso.com\r\nVoice-Message: 0/0 (0/0)\r\n`);
    // A plain change for the same mailbox is not sent any more.
    const { row } = await simulateWebMwiChange(db, mailbox.id, COUNTS);
    expect(await deliverMwi(await claimAll(), deps(client))).toMatchObject({ status: "skipped" });
    expect(client.sent).toHaveLength(1);
    expect((await db.mwiOutbox.findUniqueOrThrow({ where: { id: row.id } })).status).toBe("skipped");
  });

  it("fails with an explanation when the mailbox lacks the identifier its dial plan addresses", async () => {
    const { mailbox } = await estate({ uriType: "E164" });
    const { row } = await simulateWebMwiChange(db, mailbox.id, COUNTS);
    const outcome = await deliverMwi(await claimAll(), deps(new ScriptedSipClient({})));
    expect(outcome).toMatchObject({ status: "failed" });
    expect((await db.mwiOutbox.findUniqueOrThrow({ where: { id: row.id } })).lastError)
      .toBe(`Mailbox "${mailbox.alias}" has no E.164 number; UM dial plan "${mailbox.displayName} DP" (URI type E164) addresses mailboxes by it.`);
  });

  it("addresses E.164 dial plans with ;user=phone", async () => {
    const { mailbox } = await estate({ uriType: "E164" });
    await db.umMailbox.update({ where: { id: mailbox.id }, data: { e164Number: "+14255550123" } });
    await simulateWebMwiChange(db, mailbox.id, COUNTS);
    const client = new ScriptedSipClient({ "10.0.0.1:5060": [OK] });
    await deliverMwi(await claimAll(), deps(client));
    expect(client.sent[0].wire).toMatch(/^NOTIFY sip:\+14255550123@10\.0\.0\.1:5060;user=phone;transport=tcp SIP\/2\.0\r\n/);
    expect(client.sent[0].wire).toContain("\r\nTo: <sip:+14255550123@10.0.0.1;user=phone>\r\n");
  });
});

describe("failures and superseded retries", () => {
  it("raises a DeliveryFailed event with the last reasons when a delivery fails for good", async () => {
    const { mailbox, gateways } = await estate();
    const { row } = await simulateWebMwiChange(db, mailbox.id, COUNTS);
    const client = new ScriptedSipClient({ "10.0.0.1:5060": [{ statusCode: 480, reasonPhrase: "Temporarily Unavailable", latencyMs: 1 }] });
    const t0 = new Date();
    await deliverMwi(await claimAll("worker-a", t0), deps(client, { now: () => t0 }));
    expect(await db.mwiEvent.count({ where: { outboxId: row.id } })).toBe(0); // a retry is not an error yet
    const t1 = new Date(t0.getTime() + RETRY.windowMs - 500);
    expect(await deliverMwi(await claimAll("worker-a", t1), deps(client, { now: () => t1 }))).toMatchObject({ status: "failed" });
    const event = await db.mwiEvent.findFirstOrThrow({ where: { outboxId: row.id } });
    expect(event).toMatchObject({ level: "error", kind: "DeliveryFailed", mailboxId: mailbox.id, gatewayId: gateways[0].id });
    expect(event.message).toMatch(/^Gave up after 2 round\(s\) over 300 s: GW\d+: 480 Temporarily Unavailable$/);
  });

  it("lets a newer change supersede an older one that waits for its retry", async () => {
    const { mailbox } = await estate();
    const old = await simulateWebMwiChange(db, mailbox.id, COUNTS);
    const down = new ScriptedSipClient({ "10.0.0.1:5060": [{ error: "refused", latencyMs: 0 }] });
    expect(await deliverMwi(await claimAll(), deps(down))).toMatchObject({ status: "rescheduled" });
    // The old row waits for its backoff; a newer change is due now and goes out at once with the newest state.
    const newer = await simulateWebMwiChange(db, mailbox.id, { ...COUNTS, newCount: 7 });
    const rows = await claimAll();
    expect(rows.map((r) => r.id)).toEqual([newer.row.id]);
    const up = new ScriptedSipClient({ "10.0.0.1:5060": [OK] });
    expect(await deliverMwi(rows, deps(up))).toMatchObject({ status: "delivered", stateVersion: 2 });
    expect(bodyOf(up.sent[0].wire)).toContain("Voice-Message: 7/0 (0/0)");
    expect(await db.mwiOutbox.findUniqueOrThrow({ where: { id: old.row.id } })).toMatchObject({
      status: "superseded", lastError: `superseded by ${newer.row.id}`,
    });
    expect(await db.mwiOutbox.count({ where: { mailboxId: mailbox.id, status: "pending" } })).toBe(0);
  });
});

describe("delivering a claim's changes together (the worker's change path)", () => {
  /** The worker's change path on `groups` (one claim), with its group-commit writer; the size of each write. */
  async function deliverTogether(groups: Parameters<Deliver>[0][], client: SipClient) {
    const { deliverChangeBatch } = await import("../../sip-worker/outbox/deliver-change-batch");
    const { CompletionWriter } = await import("../../sip-worker/outbox/completion-writer");
    const { completeDeliveredChanges } = await import("../../lib/data/mwi-delivery-batch");
    const writes: number[] = [];
    const completions = new CompletionWriter<Parameters<typeof completeDeliveredChanges>[2][number]>(async (items) => {
      writes.push(items.length);
      await completeDeliveredChanges("worker-a", new Date(), items);
    });
    const outcomes = await Promise.all(deliverChangeBatch(groups, deps(client, { completions })));
    return { outcomes, writes };
  }

  it("coalesces and reads once for the claim, keeps each mailbox's own outcome, and finishes the accepted ones in one write", async () => {
    const a = await estate();
    const b = await estate();
    const c = await estate({ gateways: [{ name: "Batch down", address: "10.0.9.9", port: 5060 }] });
    for (const n of [1, 2, 3]) await simulateWebMwiChange(db, a.mailbox.id, { ...COUNTS, newCount: n });
    // B: its policy turned MWI off, and the final "no" waits for a retry when a new message comes.
    await db.umMailboxPolicy.update({ where: { id: b.policy.id }, data: { allowMessageWaitingIndicator: false } });
    const finalOff = await db.mwiOutbox.create({
      data: { mailboxId: b.mailbox.id, stateVersion: 0, kind: "final-off", nextAttemptAt: new Date(Date.now() + 60_000) },
    });
    const bChange = await simulateWebMwiChange(db, b.mailbox.id, { ...COUNTS, newCount: 9 });
    const cChange = await simulateWebMwiChange(db, c.mailbox.id, COUNTS);

    const rows = await data.claimDueOutboxRows({ workerId: "worker-a", now: new Date(), leaseMs: 30_000, limit: 100 });
    const groups = [a, b, c].map(({ mailbox }) => rows.filter((r) => r.mailboxId === mailbox.id));
    expect(groups.map((g) => g.length)).toEqual([3, 1, 1]);
    const client = new ScriptedSipClient({ "10.0.0.1:5060": [OK], "10.0.9.9:5060": [{ error: "refused", latencyMs: 0 }] });
    const { outcomes, writes } = await deliverTogether(groups, client);
    expect(outcomes.map((o) => o.status)).toEqual(["delivered", "delivered", "rescheduled"]);
    expect(writes).toEqual([2]); // A's and B's completions in one transaction

    const sentTo = (ext: string | null) => client.sent.filter((s) => s.wire.startsWith(`NOTIFY sip:${ext}@`)).map((s) => bodyOf(s.wire));
    expect(sentTo(a.mailbox.extension)).toEqual([expect.stringContaining("Voice-Message: 3/0 (0/0)")]);
    expect(sentTo(b.mailbox.extension)).toEqual([expect.stringMatching(/^Messages-Waiting: no\r\n/)]);
    // A: one NOTIFY with the newest counts, the older rows superseded by its carrier, all recorded.
    const aRows = await db.mwiOutbox.findMany({ where: { mailboxId: a.mailbox.id }, orderBy: { stateVersion: "asc" } });
    expect(aRows.map((r) => r.status)).toEqual(["superseded", "superseded", "delivered"]);
    expect(aRows[0].lastError).toBe(`superseded by ${aRows[2].id}`);
    expect(aRows[2]).toMatchObject({ attempts: 1, claimedBy: null, leaseUntil: null, lastError: null });
    expect(aRows[2].firstAttemptAt).toBeInstanceOf(Date);
    expect(aRows[2].completedAt).toBeInstanceOf(Date);
    const aState = await db.mwiState.findUniqueOrThrow({ where: { mailboxId: a.mailbox.id } });
    expect(aState).toMatchObject({ version: 3, deliveredVersion: 3 });
    expect(aState.lastSentAt).toBeInstanceOf(Date);
    expect(await db.deliveryAttempt.findMany({ where: { outboxId: aRows[2].id } })).toEqual([expect.objectContaining({
      ok: true, statusCode: 200, reason: "OK", gatewayId: a.gateways[0].id, transport: "TCP", target: "10.0.0.1:5060", messagesWaiting: true,
    })]);
    // B: the waiting final-off was superseded by the change, which carried the final "no" for it.
    expect(await db.mwiOutbox.findUniqueOrThrow({ where: { id: finalOff.id } }))
      .toMatchObject({ status: "superseded", lastError: `superseded by ${bChange.row.id}` });
    expect(await db.mwiOutbox.findUniqueOrThrow({ where: { id: bChange.row.id } })).toMatchObject({ status: "delivered", attempts: 1 });
    // C: its own outcome — a retry later, the failed attempt recorded — not held up or hidden by the others.
    expect(await db.mwiOutbox.findUniqueOrThrow({ where: { id: cChange.row.id } }))
      .toMatchObject({ status: "pending", attempts: 1, claimedBy: null });
    expect(await db.deliveryAttempt.count({ where: { outboxId: cChange.row.id, ok: false } })).toBe(1);
    await db.mwiOutbox.update({ where: { id: cChange.row.id }, data: { status: "failed" } });
  });

  it("finishes the others when a mailbox is removed while its NOTIFY is out, and records nothing for the removed one", async () => {
    const keep = await estate();
    const gone = await estate();
    const kept = await simulateWebMwiChange(db, keep.mailbox.id, COUNTS);
    await simulateWebMwiChange(db, gone.mailbox.id, COUNTS);
    const rows = await data.claimDueOutboxRows({ workerId: "worker-a", now: new Date(), leaseMs: 30_000, limit: 100 });
    const groups = [keep, gone].map(({ mailbox }) => rows.filter((r) => r.mailboxId === mailbox.id));
    // The admin removes one mailbox (its rows and state go with it) while its NOTIFY is answered;
    // the other answer comes right after, so both finish in the same write.
    let removed: () => void = () => undefined;
    const removal = new Promise<void>((r) => { removed = r; });
    const client: SipClient = {
      async send(req) {
        if (req.wire.startsWith(`NOTIFY sip:${gone.mailbox.extension}@`)) {
          await db.umMailbox.delete({ where: { id: gone.mailbox.id } });
          removed();
        } else {
          await removal;
        }
        return OK;
      },
      async close() {},
    };
    const { outcomes, writes } = await deliverTogether(groups, client);
    expect(outcomes.map((o) => o.status)).toEqual(["delivered", "delivered"]);
    expect(writes).toEqual([2]);
    expect(await db.mwiOutbox.findUniqueOrThrow({ where: { id: kept.row.id } })).toMatchObject({ status: "delivered", claimedBy: null });
    expect(await db.deliveryAttempt.count({ where: { outboxId: kept.row.id, ok: true } })).toBe(1);
    expect(await db.deliveryAttempt.count({ where: { mailboxId: gone.mailbox.id } })).toBe(0);
  });
});
