// The batch reads of the refresh path (lib/data/mwi-refresh.ts) against a real database, SQLite or
// PostgreSQL (TEST_POSTGRES_URL): loadDeliveryContexts' raw join must give exactly what Prisma's
// own read (loadDeliveryContext) gives — same fields, Dates as Date, Booleans as boolean, nulls as
// null — for mailboxes with and without policy, state, dial plan and gateways; and
// mailboxesWithPendingChanges finds pending change rows only, making a backed-off one due now.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PrismaClient } from "../../lib/generated/sqlite/client";
import { createEstate, useTestDatabase } from "./fixtures";

let db: PrismaClient;
let refresh: typeof import("../../lib/data/mwi-refresh");
let delivery: typeof import("../../lib/data/mwi-delivery");
let estate: Awaited<ReturnType<typeof createEstate>>;
const ids: Record<string, string> = {};

const t = useTestDatabase("lamplighter-contexts-");

beforeAll(async () => {
  db = t.db;
  refresh = await import("../../lib/data/mwi-refresh");
  delivery = await import("../../lib/data/mwi-delivery");
  estate = await createEstate(db, {
    name: "Contexts", extension: "5000",
    gateways: [{ name: "GW-B", port: 5071 }, { name: "GW-A", port: 5070, messageWaitingIndicatorAllowed: false }],
  });
  ids.full = estate.mailbox.id;
  // Every nullable column set, a lit lamp with both optional times.
  await db.mwiState.update({
    where: { mailboxId: ids.full },
    data: {
      messagesWaiting: true, newCount: 3, oldCount: 2, newUrgentCount: 1, oldUrgentCount: 0, version: 7, deliveredVersion: 6,
      lastSentAt: new Date("2024-03-01T10:00:00.123Z"), nextRefreshAt: new Date("2024-03-02T11:22:33.456Z"),
    },
  });
  await db.umMailbox.update({
    where: { id: ids.full },
    data: { sipResourceIdentifier: "sip:full@contoso.com", e164Number: "+15550100", extraExtensions: "[\"5001\"]" },
  });
  // No policy, no state, no dial plan, UM off, every nullable column null.
  ids.bare = (await db.umMailbox.create({ data: { displayName: "Bare", alias: "bare", email: "bare@contoso.com" } })).id;
  // A policy that disallows MWI, no dial plan of its own (the policy's is used), a state with null times.
  const noMwi = await db.umMailboxPolicy.create({
    data: { name: "No MWI", dialPlanId: estate.dialPlan.id, allowMessageWaitingIndicator: false },
  });
  ids.policyPlan = (await db.umMailbox.create({
    data: { displayName: "Policy plan", alias: "policyplan", email: "pp@contoso.com", umEnabled: true, umMailboxPolicyId: noMwi.id, extension: "5002" },
  })).id;
  await db.mwiState.create({ data: { mailboxId: ids.policyPlan, messagesWaiting: false } });
  // A dial plan with no gateways.
  const lonely = await db.umDialPlan.create({ data: { name: "Lonely DP", numberOfDigitsInExtension: 4, countryOrRegionCode: "44", uriType: "E164" } });
  const lonelyPolicy = await db.umMailboxPolicy.create({ data: { name: "Lonely", dialPlanId: lonely.id } });
  ids.noGateways = (await db.umMailbox.create({
    data: { displayName: "Lonely", alias: "lonely", email: "lonely@contoso.com", umEnabled: true, umMailboxPolicyId: lonelyPolicy.id, dialPlanId: lonely.id },
  })).id;
  await db.mwiState.create({ data: { mailboxId: ids.noGateways, version: 1, newCount: 1, messagesWaiting: true, lastSentAt: new Date(0) } });
  // Times written by the database's own CURRENT_TIMESTAMP (SQLite stores "YYYY-MM-DD HH:MM:SS", no zone: UTC).
  await db.$executeRawUnsafe(`INSERT INTO "UmMailbox" ("id", "displayName", "alias", "email", "updatedAt")
    VALUES ('rawdefaults', 'Raw defaults', 'rawdefaults', 'raw@contoso.com', CURRENT_TIMESTAMP)`);
  ids.rawDefaults = "rawdefaults";
});

// The library's own client, used by the functions under test (useTestDatabase closes the test's).
afterAll(async () => {
  await (await import("../../lib/data/db-lifecycle")).disconnectDatabase().catch(() => undefined);
});

describe("loadDeliveryContexts", () => {
  it("gives each mailbox exactly the context Prisma's own read gives", async () => {
    const all = Object.values(ids);
    const got = await refresh.loadDeliveryContexts([...all, "no such mailbox"]);
    expect([...got.keys()].sort()).toEqual([...all].sort());
    for (const id of all) {
      const expected = await delivery.loadDeliveryContext(id);
      expect(expected).not.toBeNull();
      // toStrictEqual: a Date must be a Date, not its text; a boolean not 0/1; null not undefined.
      expect(got.get(id)).toStrictEqual(expected);
    }
  });

  it("converts every column to Prisma's JS types", async () => {
    const ctx = (await refresh.loadDeliveryContexts([ids.full])).get(ids.full)!;
    expect(ctx.mailbox.createdAt).toBeInstanceOf(Date);
    expect(ctx.mailbox.updatedAt).toBeInstanceOf(Date);
    expect(ctx.mailbox.umEnabled).toBe(true);
    expect(ctx.policy).toEqual({
      id: estate.policy.id, name: estate.policy.name, allowMessageWaitingIndicator: true, dialPlanId: estate.dialPlan.id,
    });
    expect(ctx.state).toMatchObject({
      mailboxId: ids.full, messagesWaiting: true, newCount: 3, oldCount: 2, newUrgentCount: 1, oldUrgentCount: 0,
      version: 7, deliveredVersion: 6,
    });
    expect(ctx.state!.lastSentAt).toEqual(new Date("2024-03-01T10:00:00.123Z"));
    expect(ctx.state!.nextRefreshAt).toEqual(new Date("2024-03-02T11:22:33.456Z"));
    expect(ctx.state!.updatedAt).toBeInstanceOf(Date);
    // Gateways in gatewayOrder, the order deliveries try them.
    expect(ctx.gateways.map((g) => g.name)).toEqual(["GW-B", "GW-A"]);
    expect(ctx.gateways[1].messageWaitingIndicatorAllowed).toBe(false);

    const bare = (await refresh.loadDeliveryContexts([ids.bare])).get(ids.bare)!;
    expect(bare).toMatchObject({ policy: null, state: null, dialPlan: null, gateways: [] });
    expect(bare.mailbox).toMatchObject({
      umEnabled: false, umMailboxPolicyId: null, dialPlanId: null, extension: null, sipResourceIdentifier: null,
      e164Number: null, userId: null,
    });

    const pp = (await refresh.loadDeliveryContexts([ids.policyPlan])).get(ids.policyPlan)!;
    expect(pp.policy!.allowMessageWaitingIndicator).toBe(false);
    expect(pp.dialPlan!.id).toBe(estate.dialPlan.id);
    expect(pp.state).toMatchObject({ messagesWaiting: false, lastSentAt: null, nextRefreshAt: null, version: 0, deliveredVersion: -1 });
  });

  it("reads more ids than one statement may bind", async () => {
    const many = [...Array.from({ length: 16_500 }, (_, i) => `missing-${i}`), ids.full, ids.bare];
    const got = await refresh.loadDeliveryContexts(many);
    expect([...got.keys()].sort()).toEqual([ids.full, ids.bare].sort());
    expect(await refresh.mailboxesWithPendingChanges(many, new Date())).toEqual(new Set());
  });
});

describe("mailboxesWithPendingChanges", () => {
  it("finds pending non-refresh rows and makes a backed-off one due now", async () => {
    const now = new Date();
    const later = new Date(now.getTime() + 60_000);
    const row = (data: { mailboxId: string; kind: string; status: string; nextAttemptAt?: Date }) =>
      db.mwiOutbox.create({ data: { stateVersion: 1, ...data } });
    const backedOff = await row({ mailboxId: ids.full, kind: "change", status: "pending", nextAttemptAt: later });
    await row({ mailboxId: ids.policyPlan, kind: "final-off", status: "pending" });
    await row({ mailboxId: ids.noGateways, kind: "refresh", status: "pending" });
    await row({ mailboxId: ids.bare, kind: "change", status: "delivered" });
    const found = await refresh.mailboxesWithPendingChanges(Object.values(ids), now);
    expect(found).toEqual(new Set([ids.full, ids.policyPlan]));
    const after = await db.mwiOutbox.findUniqueOrThrow({ where: { id: backedOff.id } });
    expect(after.nextAttemptAt.getTime()).toBe(now.getTime());
  });
});

describe("completeRefreshBatch", () => {
  it("writes delivered rows, their attempts, the lamps' versions and the finished rows, as Prisma reads them", async () => {
    await db.mwiOutbox.deleteMany({});
    const now = new Date(Date.now() - 1_000);
    const at = new Date("2025-01-02T03:04:05.678Z");
    const queued = async (mailboxId: string) =>
      db.mwiOutbox.create({ data: { mailboxId, stateVersion: 0, kind: "refresh", status: "pending", nextAttemptAt: now } });
    const toDeliver = await queued(ids.full);
    const stale = await queued(ids.noGateways); // its state moved on since the NOTIFY (version 1 → 2)
    const toSkip = await queued(ids.policyPlan);
    const toSupersede = await queued(ids.bare);
    const foreign = await queued(ids.rawDefaults);
    const claimed = await refresh.claimRefreshRows({ workerId: "w1", now: new Date(), leaseMs: 60_000, limit: 10 });
    expect(claimed.map((r) => r.id).sort()).toEqual([toDeliver, stale, toSkip, toSupersede, foreign].map((r) => r.id).sort());
    await db.mwiOutbox.update({ where: { id: foreign.id }, data: { claimedBy: "w2" } }); // taken over by another worker
    await db.mwiState.update({ where: { mailboxId: ids.noGateways }, data: { version: 2 } });
    const before = await db.mwiState.findUniqueOrThrow({ where: { mailboxId: ids.full } });
    const next = new Date("2025-01-03T00:00:00.001Z");
    const attempt = (outboxId: string, mailboxId: string, ok: boolean) => ({
      outboxId, mailboxId, gatewayId: estate.gateways[0].id, gatewayName: "GW-B", transport: "TCP", target: "127.0.0.1:5071",
      statusCode: ok ? 200 : null, reason: ok ? "OK" : null, ok, latencyMs: 2.6, messagesWaiting: ok,
    });
    await refresh.completeRefreshBatch({
      workerId: "w1", now: at,
      delivered: [
        { outboxId: toDeliver.id, mailboxId: ids.full, version: 7, stateUpdatedAt: before.updatedAt, nextRefreshAt: next },
        { outboxId: stale.id, mailboxId: ids.noGateways, version: 1, stateUpdatedAt: new Date(), nextRefreshAt: next },
        { outboxId: foreign.id, mailboxId: ids.rawDefaults, version: null, stateUpdatedAt: null, nextRefreshAt: next },
      ],
      attempts: [attempt(toDeliver.id, ids.full, true), attempt(stale.id, ids.noGateways, false)],
      finished: [
        { outboxId: toSkip.id, status: "skipped", reason: "policy says no" },
        { outboxId: toSupersede.id, status: "superseded", reason: "superseded by x" },
      ],
    });
    const rows = new Map((await db.mwiOutbox.findMany({})).map((r) => [r.id, r]));
    expect(rows.get(toDeliver.id)).toMatchObject({
      status: "delivered", lastError: null, completedAt: at, claimedBy: null, leaseUntil: null, attempts: 1, firstAttemptAt: at,
    });
    expect(rows.get(toSkip.id)).toMatchObject({ status: "skipped", lastError: "policy says no", completedAt: at, claimedBy: null, leaseUntil: null, attempts: 0 });
    expect(rows.get(toSupersede.id)).toMatchObject({ status: "superseded", lastError: "superseded by x", completedAt: at, claimedBy: null });
    // Another worker's row is not this worker's to finish.
    expect(rows.get(foreign.id)).toMatchObject({ status: "pending", claimedBy: "w2", completedAt: null });

    const attempts = await db.deliveryAttempt.findMany({ orderBy: { mailboxId: "asc" } });
    expect(attempts).toHaveLength(2);
    const byMailbox = new Map(attempts.map((a) => [a.mailboxId, a]));
    expect(byMailbox.get(ids.full)).toStrictEqual({
      id: expect.any(String), outboxId: toDeliver.id, mailboxId: ids.full, gatewayId: estate.gateways[0].id, gatewayName: "GW-B",
      transport: "TCP", target: "127.0.0.1:5071", statusCode: 200, reason: "OK", ok: true, latencyMs: 3, messagesWaiting: true, createdAt: at,
    });
    expect(byMailbox.get(ids.noGateways)).toMatchObject({ statusCode: null, reason: null, ok: false, messagesWaiting: false, createdAt: at });

    const full = await db.mwiState.findUniqueOrThrow({ where: { mailboxId: ids.full } });
    expect(full).toMatchObject({ deliveredVersion: 7, lastSentAt: at, nextRefreshAt: next, updatedAt: before.updatedAt });
    // A newer state is on its way through its own change row: this one stays as it was.
    const moved = await db.mwiState.findUniqueOrThrow({ where: { mailboxId: ids.noGateways } });
    expect(moved).toMatchObject({ version: 2, deliveredVersion: -1, lastSentAt: new Date(0) });
  });
});

describe("mailboxesWithoutState", () => {
  it("sweeps the estate in windows, finding UM-enabled mailboxes without a lamp state, and says where it ended", async () => {
    const made: { id: string; um: boolean; state: boolean }[] = [];
    for (let i = 0; i < 7; i++) {
      const um = i !== 3;
      const m = await db.umMailbox.create({ data: { displayName: `Sweep ${i}`, alias: `sweep${i}`, email: `sweep${i}@contoso.com`, umEnabled: um } });
      const state = i % 2 === 0;
      if (state) await db.mwiState.create({ data: { mailboxId: m.id } });
      made.push({ id: m.id, um, state });
    }
    const all = await db.umMailbox.findMany({ select: { id: true, umEnabled: true, mwiState: { select: { mailboxId: true } } }, orderBy: { id: "asc" } });
    const expected = all.filter((m) => m.umEnabled && !m.mwiState).map((m) => m.id);
    // Ours are among them exactly when UM-enabled and without state.
    expect(made.filter((m) => expected.includes(m.id)).map((m) => m.id)).toEqual(made.filter((m) => m.um && !m.state).map((m) => m.id));
    const found: string[] = [];
    let after = "";
    let windows = 0;
    for (;;) {
      const { ids: part, scannedTo } = await refresh.mailboxesWithoutState(3, after);
      windows++;
      found.push(...part);
      if (scannedTo === null) break;
      expect(scannedTo > after).toBe(true);
      after = scannedTo;
    }
    expect(found).toEqual(expected);
    expect(windows).toBe(Math.floor(all.length / 3) + 1);
  });
});
