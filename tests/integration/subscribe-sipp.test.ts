// SUBSCRIBE for message-summary (RFC 6665 + RFC 3842) against the real worker: sipp plays a phone
// that subscribes, gets NOTIFYs, refreshes and unsubscribes (tests/sipp/subscriber-uac.xml), over
// TCP, and over UDP across a worker restart; another answers 481 and must be dropped. Simple
// refusals (489, 404, 423) are probed with single requests from the test.
import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PrismaClient } from "../../lib/generated/sqlite/client";
import {
  createEstate, freePort, makeTempDatabase, openTestDb, simulateWebMwiChange, sipExchange, startSippUac, startWorker, waitFor,
  type SippMessage, type SippUac, type WorkerProcess,
} from "./fixtures";

let tmp: { dir: string; url: string };
let db: PrismaClient;
let worker: WorkerProcess;
let workerEnv: Record<string, string>;
const uacs: SippUac[] = [];

const counts = (n: number, old = 0) => ({ messagesWaiting: n > 0, newCount: n, oldCount: old, newUrgentCount: 0, oldUrgentCount: 0 });

function headersOf(text: string): Map<string, string> {
  const head = text.slice(0, text.indexOf("\r\n\r\n")).split("\r\n").slice(1);
  return new Map(head.map((l) => [l.slice(0, l.indexOf(":")).trim().toLowerCase(), l.slice(l.indexOf(":") + 1).trim()]));
}
const bodyOf = (text: string) => text.slice(text.indexOf("\r\n\r\n") + 4);
const notifiesOf = (uac: SippUac): SippMessage[] => uac.received().filter((m) => m.text.startsWith("NOTIFY "));

function subscribe(o: { user: string; event?: string; expires?: number; transport: "TCP" | "UDP"; port: number }): string {
  const branch = `z9hG4bK${Math.random().toString(16).slice(2)}`;
  return [
    `SUBSCRIBE sip:${o.user}@127.0.0.1:${o.port} SIP/2.0`,
    `Via: SIP/2.0/${o.transport} 127.0.0.1:9;branch=${branch}`,
    `From: <sip:probe@127.0.0.1>;tag=probe${branch.slice(-6)}`,
    `To: <sip:${o.user}@127.0.0.1>`,
    `Call-ID: ${branch}@probe`,
    "CSeq: 1 SUBSCRIBE",
    "Contact: <sip:probe@127.0.0.1:9>",
    "Max-Forwards: 70",
    `Event: ${o.event ?? "message-summary"}`,
    `Expires: ${o.expires ?? 120}`,
    "Content-Length: 0", "", "",
  ].join("\r\n");
}

beforeAll(async () => {
  tmp = makeTempDatabase("lamplighter-sub-");
  process.env.DATABASE_URL = tmp.url;
  const { migrate } = await import("../../lib/data/migrate");
  await migrate({ quiet: true });
  db = openTestDb(tmp.url);
  const [sipPort, httpPort] = await Promise.all([freePort(), freePort()]);
  workerEnv = { DATABASE_URL: tmp.url, SIP_DOMAIN: "um.contoso.com", SUBSCRIPTION_POLL_MS: "50", LOG_LEVEL: "info" };
  worker = await startWorker(workerEnv, sipPort, httpPort);
});

afterAll(async () => {
  await Promise.allSettled([worker?.stop(), ...uacs.map((u) => u.stop())]);
  await db?.$disconnect();
  if (process.env.KEEP_IT_TMP) {
    fs.writeFileSync(`${tmp.dir}/worker.log`, worker?.output() ?? "");
    console.log(`kept ${tmp.dir}`);
  } else if (tmp) fs.rmSync(tmp.dir, { recursive: true, force: true });
});

async function runSubscriberFlow(extension: string, transport: "t1" | "u1", betweenFirstAndChange?: () => Promise<void>) {
  const { mailbox } = await createEstate(db, { name: `Sub ${extension}`, extension, gateways: [] });
  await simulateWebMwiChange(db, mailbox.id, counts(1));
  const uac = startSippUac("subscriber-uac.xml", {
    remotePort: worker.sipPort, port: await freePort(), service: extension, dir: tmp.dir, transport,
  });
  uacs.push(uac);

  const first = await waitFor("initial NOTIFY", () => notifiesOf(uac)[0], 5_000);
  const ok = uac.received().find((m) => m.text.startsWith("SIP/2.0 200"))!;
  const okHeaders = headersOf(ok.text);
  expect(okHeaders.get("expires")).toBe("120");
  expect(okHeaders.get("contact")).toMatch(new RegExp(`^<sip:um@127\\.0\\.0\\.1:${worker.sipPort};transport=${transport === "t1" ? "tcp" : "udp"}>$`));
  const toTag = /;tag=([^;>\s]+)/.exec(okHeaders.get("to")!)![1];

  const h1 = headersOf(first.text);
  expect(first.text).toMatch(new RegExp(`^NOTIFY sip:phone-${extension}@127\\.0\\.0\\.1:${uac.port};transport=(TCP|UDP) SIP/2\\.0\\r\\n`, "i"));
  expect(h1.get("subscription-state")).toMatch(/^active;expires=1(1\d|20)$/);
  expect(h1.get("event")).toBe("message-summary");
  expect(h1.get("cseq")).toBe("1 NOTIFY");
  expect(h1.get("from")).toBe(`<sip:${extension}@127.0.0.1>;tag=${toTag}`);
  expect(h1.get("content-type")).toBe("application/simple-message-summary");
  expect(bodyOf(first.text)).toBe(`Messages-Waiting: yes\r\nMessage-Account: sip:${extension}@127.0.0.1\r\nVoice-Message: 1/0 (0/0)\r\n`);
  const row = await db.sipSubscription.findFirstOrThrow({ where: { mailboxId: mailbox.id } });
  expect(row).toMatchObject({ expiresSeconds: 120, transport: transport === "t1" ? "TCP" : "UDP", localTag: toTag, localCseq: 1 });

  await betweenFirstAndChange?.();
  await simulateWebMwiChange(db, mailbox.id, counts(3, 1));
  const second = await waitFor("NOTIFY after the change", () => notifiesOf(uac)[1], 5_000);
  expect(headersOf(second.text).get("cseq")).toBe("2 NOTIFY");
  expect(headersOf(second.text).get("call-id")).toBe(h1.get("call-id"));
  expect(bodyOf(second.text)).toContain("Messages-Waiting: yes\r\n");
  expect(bodyOf(second.text)).toContain("Voice-Message: 3/1 (0/0)\r\n");

  // sipp refreshes (CSeq 2) and gets a NOTIFY with the state, then unsubscribes (Expires: 0).
  const third = await waitFor("NOTIFY after the refresh", () => notifiesOf(uac)[2], 5_000);
  expect(headersOf(third.text).get("cseq")).toBe("3 NOTIFY");
  expect(headersOf(third.text).get("subscription-state")).toMatch(/^active;expires=1(1\d|20)$/);
  const last = await waitFor("terminated NOTIFY", () => notifiesOf(uac)[3], 5_000);
  expect(headersOf(last.text).get("cseq")).toBe("4 NOTIFY");
  expect(headersOf(last.text).get("subscription-state")).toBe("terminated");
  expect(bodyOf(last.text)).toContain("Voice-Message: 3/1 (0/0)\r\n");
  expect(await uac.exited).toBe(0);
  expect(await db.sipSubscription.count({ where: { mailboxId: mailbox.id } })).toBe(0);
  expect(notifiesOf(uac)).toHaveLength(4);
}

describe("SUBSCRIBE message-summary (sipp as the phone)", () => {
  it("subscribes over TCP, gets the state, a change, a refresh and the final NOTIFY", async () => {
    await runSubscriberFlow("4201", "t1");
  });

  it("keeps a subscription across a worker restart (UDP): the change after it still arrives in the dialog", async () => {
    await runSubscriberFlow("4202", "u1", async () => {
      expect(await worker.stop()).toBe(0);
      worker = await startWorker(workerEnv, worker.sipPort, worker.httpPort);
    });
  });

  it("drops a subscription whose subscriber answers a NOTIFY with 481, and sends it nothing more", async () => {
    const { mailbox } = await createEstate(db, { name: "Sub 481", extension: "4203", gateways: [] });
    const uac = startSippUac("subscriber-uac-481.xml", {
      remotePort: worker.sipPort, port: await freePort(), service: "4203", dir: tmp.dir,
    });
    uacs.push(uac);
    await waitFor("initial NOTIFY", () => notifiesOf(uac)[0], 5_000);
    await waitFor("subscription dropped", async () => (await db.sipSubscription.count({ where: { mailboxId: mailbox.id } })) === 0, 5_000);
    await simulateWebMwiChange(db, mailbox.id, counts(2));
    await new Promise((r) => setTimeout(r, 800));
    expect(notifiesOf(uac)).toHaveLength(1);
    expect(await uac.exited).toBe(0);
  });

  it("answers 489 to another event package, 404 to an unknown user, 423 below the minimum interval", async () => {
    await createEstate(db, { name: "Sub probe", extension: "4204", gateways: [] });
    for (const transport of ["TCP", "UDP"] as const) {
      const send = (m: string) => sipExchange({ transport: transport === "TCP" ? "tcp" : "udp", port: worker.sipPort, message: m });
      const presence = await send(subscribe({ user: "4204", event: "presence", transport, port: worker.sipPort }));
      expect(presence).toMatch(/^SIP\/2\.0 489 Bad Event\r\n/);
      expect(presence).toContain("\r\nAllow-Events: message-summary\r\n");
      expect(await send(subscribe({ user: "9999", transport, port: worker.sipPort }))).toMatch(/^SIP\/2\.0 404 Not Found\r\n/);
      const brief = await send(subscribe({ user: "4204", expires: 10, transport, port: worker.sipPort }));
      expect(brief).toMatch(/^SIP\/2\.0 423 Interval Too Brief\r\n/);
      expect(brief).toContain("\r\nMin-Expires: 60\r\n");
    }
    expect(await db.sipSubscription.count()).toBe(0);
  });
});
