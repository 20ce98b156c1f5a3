// Test fixtures for integration tests: a throw-away SQLite (or PostgreSQL) database, a UM estate written with
// Prisma directly (tests may), free ports, and the real processes (sipp as a PBX, the worker).
import { execFileSync, spawn } from "node:child_process";
import { afterAll, beforeAll } from "vitest";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../../lib/generated/sqlite/client";
import { PrismaClient as PostgresPrismaClient } from "../../lib/generated/postgresql/client";
import type { MwiCounts } from "../../lib/domain/mwi-counts";
import { PROJECT_ROOT, track, waitFor, type ChildHandle } from "../support/processes";

export * from "../support/processes";

/**
 * A temp dir and a fresh, empty database for one test file. Set DATABASE_URL from it before
 * importing lib/env. SQLite by default (a file in the dir); with TEST_POSTGRES_URL set (a server
 * URL whose role may CREATE DATABASE, e.g. scripts/pg-cluster.sh), a new PostgreSQL database.
 */
export function makeTempDatabase(prefix = "lamplighter-it-"): { dir: string; url: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const server = process.env.TEST_POSTGRES_URL;
  if (!server) return { dir, url: `file:${path.join(dir, "it.db")}` };
  const name = `${prefix.replace(/[^a-z0-9]+/gi, "_").toLowerCase()}${path.basename(dir).slice(-6).toLowerCase().replace(/[^a-z0-9]/g, "x")}`;
  // Synchronous like the SQLite branch (callers use it at the top of beforeAll): psql comes with
  // Debian's postgresql package that these tests need anyway.
  execFileSync("psql", [server, "-v", "ON_ERROR_STOP=1", "-qc", `CREATE DATABASE "${name}"`], { stdio: "pipe" });
  const url = new URL(server);
  url.pathname = `/${name}`;
  return { dir, url: url.toString() };
}

/**
 * The test file's own migrated database (see makeTempDatabase), with DATABASE_URL pointing at it
 * for lib/ modules imported afterwards, and a cleanup list run after the file: processes
 * (workers, sipp) pushed to `stops` are stopped before the database goes.
 */
export function useTestDatabase(prefix: string) {
  const ctx = {
    tmp: undefined as unknown as { dir: string; url: string },
    db: undefined as unknown as PrismaClient,
    stops: [] as (() => Promise<unknown>)[],
  };
  beforeAll(async () => {
    ctx.tmp = makeTempDatabase(prefix);
    process.env.DATABASE_URL = ctx.tmp.url;
    const { migrate } = await import("../../lib/data/migrate");
    await migrate({ quiet: true });
    ctx.db = openTestDb(ctx.tmp.url);
  });
  afterAll(async () => {
    await Promise.allSettled(ctx.stops.map((s) => s()));
    await ctx.db?.$disconnect();
    if (ctx.tmp) fs.rmSync(ctx.tmp.dir, { recursive: true, force: true });
  });
  return ctx;
}

/** Which database the integration run is on, for the figures tests print. */
export const TEST_DATABASE = process.env.TEST_POSTGRES_URL ? "postgresql" : "sqlite";

export function openTestDb(url: string): PrismaClient {
  if (/^postgres(ql)?:\/\//.test(url)) {
    return new PostgresPrismaClient({ adapter: new PrismaPg({ connectionString: url, max: 4 }) }) as unknown as PrismaClient;
  }
  return new PrismaClient({ adapter: new PrismaBetterSqlite3({ url, timeout: 10_000 }) });
}

/**
 * Prisma runs this upsert as a read, then a write, in one transaction. On SQLite in WAL mode, a
 * commit by a running worker between the two fails it at once with SQLITE_BUSY_SNAPSHOT (Prisma:
 * P1008, "Operation has timed out"), which waiting cannot cure. The app retries such transactions
 * (lib/data/transaction.ts); the fixture does the same.
 */
async function retryOnBusySnapshot<T>(op: () => Promise<T>): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await op();
    } catch (e) {
      if (i >= 5 || (e as { code?: string }).code !== "P1008") throw e;
      await new Promise((r) => setTimeout(r, 20 * i));
    }
  }
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
    const gateway = await retryOnBusySnapshot(() => db.umIpGateway.upsert({
      where: { name: g.name },
      create: {
        name: g.name, address: g.address ?? "127.0.0.1", port: g.port,
        messageWaitingIndicatorAllowed: g.messageWaitingIndicatorAllowed ?? true,
      },
      update: {},
    }));
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
 * A bulk estate: one dial plan (digits from the extensions), its policy, one gateway (the PBX on
 * 127.0.0.1:`gatewayPort`) and a UM-enabled mailbox per extension, "<name> <ext>". No lamp states:
 * each test writes the ones it needs. Returns the mailboxes in the database's id order.
 */
export async function createBulkEstate(db: PrismaClient, o: { name: string; gatewayPort: number; extensions: string[] }) {
  const dialPlan = await db.umDialPlan.create({
    data: { name: `${o.name} DP`, numberOfDigitsInExtension: o.extensions[0].length, countryOrRegionCode: "1" },
  });
  const policy = await db.umMailboxPolicy.create({ data: { name: `${o.name} Policy`, dialPlanId: dialPlan.id } });
  const gateway = await db.umIpGateway.create({ data: { name: `${o.name} PBX`, address: "127.0.0.1", port: o.gatewayPort } });
  await db.umIpGatewayDialPlan.create({ data: { gatewayId: gateway.id, dialPlanId: dialPlan.id, gatewayOrder: 0, dialPlanOrder: 0 } });
  const alias = o.name.toLowerCase().replace(/[^a-z0-9]+/g, "");
  await db.umMailbox.createMany({
    data: o.extensions.map((ext) => ({
      displayName: `${o.name} ${ext}`, alias: `${alias}${ext}`, email: `${alias}${ext}@contoso.com`, umEnabled: true,
      umMailboxPolicyId: policy.id, dialPlanId: dialPlan.id, extension: ext,
    })),
  });
  const mailboxes = await db.umMailbox.findMany({ where: { dialPlanId: dialPlan.id }, select: { id: true, extension: true }, orderBy: { id: "asc" } });
  return { dialPlan, gateway, mailboxes };
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

export interface WorkerProcess extends ChildHandle {
  httpPort: number;
  sipPort: number;
}

export function startWorker(
  env: Record<string, string>, sipPort: number, httpPort: number, nodeArgs: string[] = [],
): Promise<WorkerProcess> {
  return spawnWorker([...nodeArgs, "--import", "tsx", "sip-worker/main.ts"], env, sipPort, httpPort);
}

/** Runs `node <argv>` as a sip-worker on the given ports and waits for its /healthz. */
export async function spawnWorker(
  argv: string[], env: Record<string, string>, sipPort: number, httpPort: number,
): Promise<WorkerProcess> {
  const child = spawn(process.execPath, argv, {
    cwd: PROJECT_ROOT,
    // UDP listens on the TCP port number (as 5060 does for both) unless the test says otherwise,
    // so a test worker never binds the default 5060.
    env: { ...process.env, SIP_UDP_PORT: String(sipPort), ...env, SIP_TCP_PORT: String(sipPort), WORKER_HTTP_PORT: String(httpPort) },
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
