// MWI NOTIFYs over TLS and UDP to real peers. TLS: sipp has no TLS, so socat terminates TLS in
// front of a sipp TCP UAS, with certificates from a throw-away CA made by openssl. The gateways'
// address is "localhost": it resolves to 127.0.0.1 here, is a real DNS name (so it is the TLS
// server name and is checked against the certificate's subjectAltName, RFC 5922 §7.2), and needs
// no test-only host override in the worker; the certificates name both localhost and pbx.test.
// UDP: a sipp UDP UAS answering 200, and one that never answers (retransmissions + Timer F,
// with T1/T2/F shortened by env, in the RFC's ratios).
import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PrismaClient } from "../../lib/generated/sqlite/client";
import {
  createEstate, freePort, makeTempDatabase, openTestDb, simulateWebMwiChange, startSippUas, startTlsFront, startWorker, waitFor,
  type ChildHandle, type SippUas, type WorkerProcess,
} from "./fixtures";
import { makeTestCertificate } from "../support/test-pki";

const T1 = 100, T2 = 800, TIMER_F = 64 * T1;
const counts = (n: number) => ({ messagesWaiting: n > 0, newCount: n, oldCount: 0, newUrgentCount: 0, oldUrgentCount: 0 });

let tmp: { dir: string; url: string };
let db: PrismaClient;
let worker: WorkerProcess;
let tcpPbx: SippUas;
let udpPbx: SippUas;
let silentPbx: SippUas;
const fronts: { good?: ChildHandle & { port: number }; wrongCa?: ChildHandle & { port: number } } = {};

async function outboxDone(id: string) {
  return waitFor(`outbox row ${id} delivered`, async () => {
    const r = await db.mwiOutbox.findUniqueOrThrow({ where: { id } });
    return r.status === "delivered" ? r : null;
  }, 15_000, 20);
}

beforeAll(async () => {
  tmp = makeTempDatabase("lamplighter-tr-");
  process.env.DATABASE_URL = tmp.url;
  const { migrate } = await import("../../lib/data/migrate");
  await migrate({ quiet: true });
  db = openTestDb(tmp.url);

  const good = makeTestCertificate(tmp.dir, "good", ["pbx.test", "localhost"]);
  const rogue = makeTestCertificate(tmp.dir, "rogue", ["pbx.test", "localhost"]);
  const [tcpPort, udpPort, silentPort, goodPort, wrongPort, sipPort, httpPort] = await Promise.all(
    Array.from({ length: 7 }, () => freePort()));
  tcpPbx = await startSippUas("pbx-uas-200.xml", tcpPort, tmp.dir);
  udpPbx = await startSippUas("pbx-uas-200.xml", udpPort, tmp.dir, { transport: "u1" });
  silentPbx = await startSippUas("pbx-uas-silent.xml", silentPort, tmp.dir, { transport: "u1" });
  fronts.good = { ...(await startTlsFront({ listenPort: goodPort, targetPort: tcpPort, cert: good.cert, key: good.key })), port: goodPort };
  fronts.wrongCa = { ...(await startTlsFront({ listenPort: wrongPort, targetPort: tcpPort, cert: rogue.cert, key: rogue.key })), port: wrongPort };
  worker = await startWorker({
    DATABASE_URL: tmp.url, SIP_DOMAIN: "um.contoso.com", SIP_TLS_CA_FILE: good.caCert,
    SIP_T1_MS: String(T1), SIP_T2_MS: String(T2), SIP_TIMER_F_MS: String(TIMER_F), LOG_LEVEL: "info",
  }, sipPort, httpPort);
});

afterAll(async () => {
  await Promise.allSettled([worker?.stop(), tcpPbx?.stop(), udpPbx?.stop(), silentPbx?.stop(), fronts.good?.stop(), fronts.wrongCa?.stop()]);
  await db?.$disconnect();
  if (process.env.KEEP_IT_TMP) {
    fs.writeFileSync(`${tmp.dir}/worker.log`, worker?.output() ?? "");
    console.log(`kept ${tmp.dir}`);
  } else if (tmp) fs.rmSync(tmp.dir, { recursive: true, force: true });
});

describe("MWI NOTIFY over TLS (socat + sipp) and UDP (sipp)", () => {
  it("verifies the PBX certificate: a wrong CA is a failed attempt, the next gateway gets the NOTIFY over TLS", async () => {
    const { mailbox, gateways } = await createEstate(db, {
      name: "Secure", extension: "4301", voipSecurity: "SIPSecured",
      gateways: [
        { name: "TLS-rogue", address: "localhost", port: fronts.wrongCa!.port },
        { name: "TLS-good", address: "localhost", port: fronts.good!.port },
      ],
    });
    const { row } = await simulateWebMwiChange(db, mailbox.id, counts(2));
    await outboxDone(row.id);
    const notify = await waitFor("NOTIFY behind the TLS front", () => tcpPbx.notifies().find((m) => m.text.includes("sips:4301@")), 5_000);
    expect(notify.text).toMatch(new RegExp(`^NOTIFY sips:4301@localhost:${fronts.good!.port} SIP/2\\.0\\r\\nVia: SIP/2\\.0/TLS 127\\.0\\.0\\.1:\\d+;branch=`));
    expect(notify.text).toContain("\r\nTo: <sips:4301@localhost>\r\n");
    expect(tcpPbx.notifies().filter((m) => m.text.includes("sips:4301@"))).toHaveLength(1); // nothing got through the rogue front
    const attempts = await db.deliveryAttempt.findMany({ where: { outboxId: row.id }, orderBy: { createdAt: "asc" } });
    expect(attempts.map((a) => [a.gatewayId, a.transport, a.ok, a.statusCode])).toEqual([
      [gateways[0].id, "TLS", false, null], [gateways[1].id, "TLS", true, 200],
    ]);
    expect(attempts[0].reason).toMatch(/^tls \(TLS handshake with localhost:\d+ failed: \S+ .*certificate/i);
    console.log(`TLS attempt with the wrong CA recorded as: ${attempts[0].reason}; good gateway round trip ${attempts[1].latencyMs} ms`);

    // The connection to the good gateway is reused: a second change opens no new TLS connection.
    const accepted = () => (fronts.good!.output().match(/accepting connection from/g) ?? []).length;
    const before = accepted(); // the readiness probe's connection and the worker's
    const { row: second } = await simulateWebMwiChange(db, mailbox.id, counts(0));
    await outboxDone(second.id);
    expect(tcpPbx.notifies().filter((m) => m.text.includes("sips:4301@"))).toHaveLength(2);
    expect(accepted()).toBe(before);
  });

  it("sends over UDP to a gateway set to UDP and records the 200", async () => {
    const { mailbox, gateways } = await createEstate(db, { name: "Udp", extension: "4302", gateways: [{ name: "UDP-200", port: udpPbx.port }] });
    await db.umIpGateway.update({ where: { id: gateways[0].id }, data: { transport: "UDP" } });
    const { row } = await simulateWebMwiChange(db, mailbox.id, counts(1));
    await outboxDone(row.id);
    const notify = udpPbx.notifies().find((m) => m.text.startsWith("NOTIFY sip:4302@"))!;
    expect(notify.text).toMatch(new RegExp(`^NOTIFY sip:4302@127\\.0\\.0\\.1:${udpPbx.port};transport=udp SIP/2\\.0\\r\\nVia: SIP/2\\.0/UDP 127\\.0\\.0\\.1:${worker.sipPort};branch=`));
    const attempt = await db.deliveryAttempt.findFirstOrThrow({ where: { outboxId: row.id } });
    expect(attempt).toMatchObject({ transport: "UDP", ok: true, statusCode: 200, target: `127.0.0.1:${udpPbx.port}` });
  });

  it("retransmits to a silent UDP gateway at T1, 2T1, 4T1 … capped at T2, times out at Timer F, then fails over", async () => {
    const { mailbox, gateways } = await createEstate(db, {
      name: "Silent", extension: "4303",
      gateways: [{ name: "UDP-silent", port: silentPbx.port }, { name: "UDP-200", port: udpPbx.port }],
    });
    await db.umIpGateway.update({ where: { id: gateways[0].id }, data: { transport: "UDP" } });
    const { row } = await simulateWebMwiChange(db, mailbox.id, counts(4));
    await outboxDone(row.id);
    const sent = silentPbx.notifies().filter((m) => m.text.startsWith("NOTIFY sip:4303@"));
    const branches = new Set(sent.map((m) => /branch=(\S+)/.exec(m.text)![1]));
    expect(branches.size).toBe(1); // retransmissions of one transaction
    const gaps = sent.slice(1).map((m, i) => m.receivedAt - sent[i].receivedAt);
    console.log(`UDP retransmission gaps (ms), T1=${T1} T2=${T2}: ${gaps.join(", ")}`);
    // 0, T1, 3T1, 7T1, then every T2 until Timer F (64 T1): 11 transmissions.
    const expected = [T1, 2 * T1, 4 * T1, T2, T2, T2, T2, T2, T2, T2];
    expect(sent).toHaveLength(expected.length + 1);
    gaps.forEach((g, i) => expect(Math.abs(g - expected[i])).toBeLessThan(60));
    const attempts = await db.deliveryAttempt.findMany({ where: { outboxId: row.id }, orderBy: { createdAt: "asc" } });
    expect(attempts.map((a) => [a.gatewayId, a.transport, a.ok, a.statusCode])).toEqual([
      [gateways[0].id, "UDP", false, null], [gateways[1].id, "UDP", true, 200],
    ]);
    expect(attempts[0].reason).toBe(`timeout (no final response within ${TIMER_F} ms)`);
    expect(attempts[0].latencyMs).toBeGreaterThanOrEqual(TIMER_F - 5);
    expect(attempts[0].latencyMs).toBeLessThan(TIMER_F + 500);
  });
});
