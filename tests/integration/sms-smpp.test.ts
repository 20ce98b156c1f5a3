// Text messages over SMPP, end to end: lib/services queues the text in the voice message's (or
// missed call's) transaction, the real sip-worker sends it to a real SMPP server (the `smpp`
// package's server side, started here), and the server's delivery receipt marks it delivered.
// Also: an SMSC that throttles or rejects, one that drops the connection mid-session, the
// admin's AllowSMSNotification off, and a worker killed with SIGKILL mid-send.
import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PrismaClient } from "../../lib/generated/sqlite/client";
import { startTestSmsc, type TestSmsc } from "../support/test-smsc";
import { freePort, makeTempDatabase, openTestDb, startWorker, waitFor, type WorkerProcess } from "./fixtures";
import { ADMIN, createSmsMailbox } from "./sms-fixtures";

const ESME_RSUBMITFAIL = 0x45;
const ESME_RTHROTTLED = 0x58;

let tmp: { dir: string; url: string };
let db: PrismaClient;
let smsc: TestSmsc;
let worker: WorkerProcess;
let services: typeof import("../../lib/services/voice-messages");
const stops: (() => Promise<unknown>)[] = [];

async function startSmsWorker(): Promise<WorkerProcess> {
  const [sip, http] = await Promise.all([freePort(), freePort()]);
  const w = await startWorker({
    DATABASE_URL: tmp.url, LOG_LEVEL: "warn", SIP_UDP_PORT: String(sip), WORKER_POLL_MS: "50",
    SMS_PROVIDER: "smpp", SMPP_URL: `smpp://127.0.0.1:${smsc.port}`, SMPP_SYSTEM_ID: "lamplighter", SMPP_PASSWORD: "s3cret",
    SMPP_SOURCE_ADDR: "Lamplighter", SMPP_MAX_PER_SEC: "50", SMPP_ENQUIRE_LINK_MS: "1000",
    SMPP_RECONNECT_BASE_MS: "100", SMPP_RECONNECT_MAX_MS: "400",
    SMS_RETRY_BASE_MS: "200", SMS_RETRY_MAX_MS: "400", SMS_SEND_TIMEOUT_MS: "2000", LEASE_MS: "2500",
  }, sip, http);
  stops.push(() => w.stop());
  return w;
}

const sms = (idempotencyKey: string) => db.smsOutbox.findUnique({ where: { idempotencyKey } });
const digits = (e164: string) => e164.slice(1);

async function voiceMail(mailboxId: string, body: Record<string, unknown> = {}) {
  return services.postVoiceMessage(mailboxId, { callerId: "+14255550100", durationSeconds: 12, ...body }, ADMIN);
}

beforeAll(async () => {
  tmp = makeTempDatabase("lamplighter-sms-");
  process.env.DATABASE_URL = tmp.url;
  const { migrate } = await import("../../lib/data/migrate");
  await migrate({ quiet: true });
  db = openTestDb(tmp.url);
  services = await import("../../lib/services/voice-messages");
  smsc = await startTestSmsc({ systemId: "lamplighter", password: "s3cret" });
  stops.push(() => smsc.close());
  worker = await startSmsWorker();
});

afterAll(async () => {
  for (const stop of stops.reverse()) await stop().catch(() => undefined);
  await db?.$disconnect();
  if (tmp) fs.rmSync(tmp.dir, { recursive: true, force: true });
});

describe("SMPP delivery", () => {
  it("a new voice message texts its preview once; the SMSC's receipt marks it delivered", async () => {
    const phone = "+14255551001";
    const mailbox = await createSmsMailbox(db, { name: "Sms Alice", extension: "5101", phone });
    const msg = await voiceMail(mailbox.id, { preview: "Hi it's Bob, the build is green, ship it." });
    const row = await waitFor("text delivered", async () => {
      const r = await sms(`voicemail:${msg.id}`);
      return r?.status === "delivered" ? r : null;
    }, 10_000);
    expect(row).toMatchObject({ kind: "voicemail", toNumber: phone, attempts: 1, reason: null });
    expect(row.providerMessageId).toMatch(/^\d+$/);
    expect(smsc.textsTo(digits(phone))).toEqual([
      `New voice mail from +14255550100 at ${msg.receivedAt.slice(0, 16).replace("T", " ")} UTC: Hi it's Bob, the build is green, ship it.`,
    ]);
    expect(smsc.submits.find((s) => s.to === digits(phone))?.dataCoding).toBe(0);
  });

  it("a missed call texts once with VoiceMailAndMissedCalls, and not at all with VoiceMail only", async () => {
    const both = await createSmsMailbox(db, { name: "Sms Both", extension: "5102", phone: "+14255551002", option: "VoiceMailAndMissedCalls" });
    const vmOnly = await createSmsMailbox(db, { name: "Sms VmOnly", extension: "5103", phone: "+14255551003", option: "VoiceMail" });
    const call = await services.postMissedCall(both.id, { callerId: "+14255550199" }, ADMIN);
    const other = await services.postMissedCall(vmOnly.id, { callerId: "+14255550199" }, ADMIN);
    await waitFor("missed-call text delivered", async () => (await sms(`missedcall:${call.id}`))?.status === "delivered", 10_000);
    expect(smsc.textsTo("14255551002")).toEqual([`Missed call from +14255550199 at ${call.occurredAt.slice(0, 16).replace("T", " ")} UTC.`]);
    expect(await sms(`missedcall:${other.id}`)).toBeNull();
    expect(await db.smsOutbox.count({ where: { mailboxId: vmOnly.id } })).toBe(0);
  });

  it("queues nothing when the admin turns the policy's AllowSMSNotification off", async () => {
    const mailbox = await createSmsMailbox(db, { name: "Sms Off", extension: "5104", phone: "+14255551004", allowSmsNotification: false });
    await voiceMail(mailbox.id, { preview: "nobody should see this" });
    await new Promise((r) => setTimeout(r, 500));
    expect(await db.smsOutbox.count({ where: { mailboxId: mailbox.id } })).toBe(0);
    expect(smsc.textsTo("14255551004")).toEqual([]);
  });

  it("retries an ESME_RTHROTTLED answer, and fails an ESME_RSUBMITFAIL one with the reason", async () => {
    const throttled = await createSmsMailbox(db, { name: "Sms Throttled", extension: "5105", phone: "+14255551005" });
    const rejected = await createSmsMailbox(db, { name: "Sms Rejected", extension: "5106", phone: "+14255551006" });
    smsc.decide = (s, n) => {
      if (s.to === "14255551005" && n === 0) return { status: ESME_RTHROTTLED };
      if (s.to === "14255551006") return { status: ESME_RSUBMITFAIL };
      return {};
    };
    const a = await voiceMail(throttled.id, { preview: "second time lucky" });
    const b = await voiceMail(rejected.id, { preview: "never" });
    const okRow = await waitFor("throttled text delivered", async () => {
      const r = await sms(`voicemail:${a.id}`);
      return r?.status === "delivered" ? r : null;
    }, 10_000);
    expect(okRow.attempts).toBe(2);
    expect(okRow.reason).toBeNull();
    const failed = await waitFor("rejected text failed", async () => {
      const r = await sms(`voicemail:${b.id}`);
      return r?.status === "failed" ? r : null;
    }, 10_000);
    expect(failed.reason).toBe("submit_sm rejected: ESME_RSUBMITFAIL (0x45)");
    expect(failed.attempts).toBe(1);
    expect(smsc.submits.filter((s) => s.to === "14255551005")).toHaveLength(2);
    expect(smsc.submits.filter((s) => s.to === "14255551006")).toHaveLength(1);
    smsc.decide = () => ({});
  });

  it("reconnects after the SMSC drops the connection, mid-session and mid-submit, and delivery continues", async () => {
    const mailbox = await createSmsMailbox(db, { name: "Sms Drop", extension: "5107", phone: "+14255551007" });
    const bindsBefore = smsc.binds();
    smsc.dropAll(); // between texts
    const first = await voiceMail(mailbox.id, { preview: "after the blip" });
    await waitFor("text after a drop delivered", async () => (await sms(`voicemail:${first.id}`))?.status === "delivered", 10_000);
    expect(smsc.binds()).toBeGreaterThan(bindsBefore);

    // Mid-submit: the SMSC takes the submit_sm and drops the link without answering. The worker
    // cannot know whether it was accepted; it re-binds and submits again.
    smsc.decide = (s, n) => (s.to === "14255551007" && n === 1 ? { drop: true } : {});
    const second = await voiceMail(mailbox.id, { preview: "through the drop" });
    const row = await waitFor("text through a mid-submit drop delivered", async () => {
      const r = await sms(`voicemail:${second.id}`);
      return r?.status === "delivered" ? r : null;
    }, 10_000);
    expect(row.attempts).toBe(2);
    expect(smsc.textsTo("14255551007").filter((t) => t.endsWith("through the drop"))).toHaveLength(2);
    smsc.decide = () => ({});
  });

  it("a worker killed mid-send: a text already recorded is not sent again; one in flight is sent at most twice", async () => {
    const mailbox = await createSmsMailbox(db, { name: "Sms Kill", extension: "5108", phone: "+14255551008" });
    const other = await createSmsMailbox(db, { name: "Sms Kill Done", extension: "5109", phone: "+14255551009" });
    // Recorded "sent" before the crash (no receipt yet): must never be sent again.
    smsc.decide = (s, n) => {
      if (s.to === "14255551009") return { receipt: null };
      if (s.to === "14255551008" && n === 0) return { holdMs: 5_000 };
      return {};
    };
    const done = await voiceMail(other.id, { preview: "before the crash" });
    await waitFor("text recorded sent", async () => (await sms(`voicemail:${done.id}`))?.status === "sent", 10_000);

    const inFlight = await voiceMail(mailbox.id, { preview: "during the crash" });
    await waitFor("submit_sm reached the SMSC", () => smsc.submits.some((s) => s.to === "14255551008"), 10_000);
    worker.child.kill("SIGKILL");
    await new Promise((r) => worker.child.once("exit", r));
    expect((await sms(`voicemail:${inFlight.id}`))?.status).toBe("sending");

    worker = await startSmsWorker();
    const row = await waitFor("in-flight text delivered by the new worker", async () => {
      const r = await sms(`voicemail:${inFlight.id}`);
      return r?.status === "delivered" ? r : null;
    }, 15_000);
    expect(row.attempts).toBe(2);
    // The crash fell between submit_sm and the "sent" commit, which SMPP cannot dedupe: exactly
    // the at-least-once window (see sip-worker/sms/deliver-sms.ts). Never more than two.
    const copies = smsc.submits.filter((s) => s.to === "14255551008").length;
    expect(copies).toBeGreaterThanOrEqual(1);
    expect(copies).toBeLessThanOrEqual(2);
    await new Promise((r) => setTimeout(r, 3_000)); // past a lease: nothing else is retaken
    expect(smsc.submits.filter((s) => s.to === "14255551009")).toHaveLength(1);
    expect((await sms(`voicemail:${done.id}`))?.status).toBe("sent");
    expect(smsc.submits.filter((s) => s.to === "14255551008")).toHaveLength(copies);
    smsc.decide = () => ({});
  });
});
