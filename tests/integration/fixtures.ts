// Test fixtures for integration tests: a throw-away SQLite database, a UM estate written with
// Prisma directly (tests may), free ports, and the real processes (sipp as a PBX, the worker).
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "../../lib/generated/sqlite/client";
import type { MwiCounts } from "../../lib/domain/mwi-counts";

export const PROJECT_ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** A temp dir with a database URL in it. Set DATABASE_URL from it before importing lib/env. */
export function makeTempDatabase(prefix = "lamplighter-it-"): { dir: string; url: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, url: `file:${path.join(dir, "it.db")}` };
}

export function openTestDb(url: string): PrismaClient {
  return new PrismaClient({ adapter: new PrismaBetterSqlite3({ url, timeout: 10_000 }) });
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

export interface EstateOptions {
  name: string;
  gateways: { name: string; port: number; address?: string; messageWaitingIndicatorAllowed?: boolean }[];
  allowMessageWaitingIndicator?: boolean;
  uriType?: "TelExtn" | "E164" | "SipName";
  voipSecurity?: "Unsecured" | "SIPSecured" | "Secured";
  extension: string;
}

/** A dial plan (4-digit), its policy, its gateways in the given order, and one UM-enabled mailbox with an MwiState. */
export async function createEstate(db: PrismaClient, o: EstateOptions) {
  const dialPlan = await db.umDialPlan.create({
    data: {
      name: `${o.name} DP`, numberOfDigitsInExtension: 4, uriType: o.uriType ?? "TelExtn",
      voipSecurity: o.voipSecurity ?? "Unsecured", countryOrRegionCode: "1",
    },
  });
  const policy = await db.umMailboxPolicy.create({
    data: { name: `${o.name} Policy`, dialPlanId: dialPlan.id, allowMessageWaitingIndicator: o.allowMessageWaitingIndicator ?? true },
  });
  const gateways = [];
  for (const [i, g] of o.gateways.entries()) {
    const gateway = await db.umIpGateway.upsert({
      where: { name: g.name },
      create: {
        name: g.name, address: g.address ?? "127.0.0.1", port: g.port,
        messageWaitingIndicatorAllowed: g.messageWaitingIndicatorAllowed ?? true,
      },
      update: {},
    });
    const linked = await db.umIpGatewayDialPlan.count({ where: { gatewayId: gateway.id } });
    await db.umIpGatewayDialPlan.create({
      data: { gatewayId: gateway.id, dialPlanId: dialPlan.id, gatewayOrder: i, dialPlanOrder: linked },
    });
    gateways.push(gateway);
  }
  const alias = o.name.toLowerCase().replace(/[^a-z0-9]+/g, "");
  const mailbox = await db.umMailbox.create({
    data: {
      displayName: o.name, alias, email: `${alias}@contoso.com`, umEnabled: true,
      umMailboxPolicyId: policy.id, dialPlanId: dialPlan.id, extension: o.extension,
    },
  });
  await db.mwiState.create({ data: { mailboxId: mailbox.id } });
  return { dialPlan, policy, gateways, mailbox };
}

/**
 * What the web process does on a change (lib/services recordMwiChange): in one transaction, new
 * counts with version + 1 and a pending "change" outbox row for that version, due now.
 */
export async function simulateWebMwiChange(db: PrismaClient, mailboxId: string, counts: MwiCounts) {
  return db.$transaction(async (tx) => {
    const state = await tx.mwiState.update({ where: { mailboxId }, data: { ...counts, version: { increment: 1 } } });
    const row = await tx.mwiOutbox.create({
      data: { mailboxId, stateVersion: state.version, kind: "change", status: "pending", nextAttemptAt: new Date() },
    });
    return { state, row };
  });
}

export async function waitFor<T>(what: string, probe: () => Promise<T | undefined | null | false> | T | undefined | null | false,
  timeoutMs = 5_000, intervalMs = 10): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ host: "127.0.0.1", port }, () => { s.destroy(); resolve(true); });
    s.on("error", () => resolve(false));
  });
}

export interface ChildHandle {
  child: ChildProcess;
  output: () => string;
  stop: () => Promise<number | null>;
}

function track(child: ChildProcess): ChildHandle {
  let out = "";
  child.stdout?.on("data", (d) => { out += d; });
  child.stderr?.on("data", (d) => { out += d; });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return {
    child,
    output: () => out,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

export interface SippUas extends ChildHandle {
  port: number;
  traceFile: string;
  /** Every NOTIFY sipp received so far, with the epoch time sipp logged it. */
  notifies: () => SippMessage[];
}

export interface SippMessage {
  receivedAt: number;
  text: string;
}

/**
 * sipp's -trace_msg file: for each message a dashed line with sipp's local wall-clock time,
 * "TCP message received [n] bytes :", a blank line and the n bytes exactly as received.
 */
export function parseSippTrace(trace: Buffer): SippMessage[] {
  const text = trace.toString("latin1"); // one char per byte, so [n] can be used as a length
  const header = /-{20,} (\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)\.(\d{3})\d* *\n\w+ message received \[(\d+)\] bytes :\n\n/g;
  const out: SippMessage[] = [];
  for (let m = header.exec(text); m; m = header.exec(text)) {
    const [y, mo, d, h, mi, sec, ms, n] = m.slice(1).map(Number);
    const start = m.index + m[0].length;
    out.push({
      receivedAt: new Date(y, mo - 1, d, h, mi, sec, ms).getTime(),
      text: Buffer.from(text.slice(start, start + n), "latin1").toString("utf8"),
    });
  }
  return out;
}

export async function startSippUas(scenario: string, port: number, dir: string): Promise<SippUas> {
  const traceFile = path.join(dir, `sipp-${port}-messages.log`);
  const child = spawn("/usr/bin/sipp", [
    "-sf", path.join(PROJECT_ROOT, "tests/sipp", scenario),
    "-t", "t1", "-i", "127.0.0.1", "-p", String(port),
    "-trace_msg", "-message_file", traceFile,
    "-m", "100000", "-deadcall_wait", "0", "-nostdin",
  ], { stdio: ["ignore", "pipe", "pipe"] });
  const handle = track(child);
  await waitFor(`sipp listening on ${port}`, async () => {
    if (child.exitCode !== null) throw new Error(`sipp exited: ${handle.output().slice(-2000)}`);
    return canConnect(port);
  }, 10_000, 50);
  return {
    ...handle, port, traceFile,
    notifies: () => {
      const trace = fs.existsSync(traceFile) ? fs.readFileSync(traceFile) : Buffer.alloc(0);
      return parseSippTrace(trace).filter((m) => m.text.startsWith("NOTIFY "));
    },
  };
}

export interface WorkerProcess extends ChildHandle {
  httpPort: number;
  sipPort: number;
}

export async function startWorker(
  env: Record<string, string>, sipPort: number, httpPort: number, nodeArgs: string[] = [],
): Promise<WorkerProcess> {
  const child = spawn(process.execPath, [...nodeArgs, "--import", "tsx", "sip-worker/main.ts"], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, ...env, SIP_TCP_PORT: String(sipPort), WORKER_HTTP_PORT: String(httpPort) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const handle = track(child);
  await waitFor("worker /healthz", async () => {
    if (child.exitCode !== null) throw new Error(`worker exited: ${handle.output().slice(-2000)}`);
    try {
      const res = await fetch(`http://127.0.0.1:${httpPort}/healthz`);
      return res.status === 200;
    } catch {
      return false;
    }
  }, 30_000, 100);
  return { ...handle, httpPort, sipPort };
}
