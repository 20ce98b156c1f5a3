// The change path's database work for many deliveries at once: the lamp changes the worker claims
// together are coalesced in one statement, and the deliveries that a PBX accepted around the same
// moment are finished in one transaction (a group commit), instead of a few statements each
// (mwi-delivery.ts keeps the one-row forms for the rarer outcomes: retries, failures, skips).
// Each statement takes its rows as one JSON parameter (bulk-sql.ts jsonRows) and runs without
// Prisma's per-query cost (sql.ts). Same rules as mwi-delivery.ts: single statements or write-only
// transactions, guarded by claimedBy/lease/status.
import { jsonRows, param, sqlDate, sqlFor, type JsonCell } from "./bulk-sql";
import type { DeliveryAttemptRecord } from "./mwi-delivery";
import { insertAttempts, markStatesSent, type DeliveredState } from "./mwi-refresh";
import { runAll, sql, sqlTransaction, statement, type SqlStatement } from "./sql";

/**
 * supersedeOtherPendingRows for many mailboxes, each with its carrier row: every other pending
 * row of the mailbox that this worker holds or nobody holds is marked "superseded by <carrier>".
 * Returns the superseded rows' kinds by mailbox (a "final-off" among them must not be lost).
 */
export async function supersedeOtherPendingRowsOf(
  carriers: readonly { mailboxId: string; carrierId: string }[], workerId: string, now: Date,
): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (carriers.length === 0) return out;
  const at = sqlDate(now);
  const rows = await sql.query<{ mailboxId: string; kind: string }>(sqlFor(
    `UPDATE "MwiOutbox" SET "status" = 'superseded', "lastError" = 'superseded by ' || v."carrierId",
       "completedAt" = ${param("timestamp")}, "claimedBy" = NULL, "leaseUntil" = NULL
     FROM ${jsonRows("v", [["mailboxId", "text"], ["carrierId", "text"]])}
     WHERE "MwiOutbox"."mailboxId" = v."mailboxId" AND "MwiOutbox"."status" = 'pending' AND "MwiOutbox"."id" <> v."carrierId"
       AND ("MwiOutbox"."claimedBy" = ? OR "MwiOutbox"."claimedBy" IS NULL OR "MwiOutbox"."leaseUntil" IS NULL
         OR "MwiOutbox"."leaseUntil" < ${param("timestamp")})
     RETURNING "MwiOutbox"."mailboxId" AS "mailboxId", "MwiOutbox"."kind" AS "kind"`),
    at, JSON.stringify(carriers.map((c): JsonCell[] => [c.mailboxId, c.carrierId])), workerId, at,
  );
  for (const r of rows) {
    const kinds = out.get(r.mailboxId) ?? [];
    kinds.push(r.kind);
    out.set(r.mailboxId, kinds);
  }
  return out;
}

/** A change (or final-off) row whose NOTIFY a PBX accepted, with what to record for it. */
export interface DeliveredChange {
  outboxId: string;
  /** Delivery rounds so far, this one included. */
  attempts: number;
  firstAttemptAt: Date;
  /** The accepted attempt (failed ones of the round were recorded as they happened). */
  attempt: DeliveryAttemptRecord;
  /** The state the NOTIFY carried; null when the mailbox has no state row. */
  state: (DeliveredState & { version: number }) | null;
}

/**
 * Finishes many delivered rows in one transaction: the rows, their accepted attempts, and per lamp
 * the version the PBX now shows (only forward) and its next refresh — completeOutboxRow's
 * "delivered" case for a batch.
 */
export async function completeDeliveredChanges(workerId: string, now: Date, items: readonly DeliveredChange[]): Promise<void> {
  if (items.length === 0) return;
  const at = sqlDate(now);
  const states = items.flatMap((i) => (i.state ? [i.state] : []));
  const ops: SqlStatement[] = [
    statement(sqlFor(
      `UPDATE "MwiOutbox" SET "status" = 'delivered', "lastError" = NULL, "completedAt" = ${param("timestamp")}, "claimedBy" = NULL,
         "leaseUntil" = NULL, "attempts" = v."attempts", "firstAttemptAt" = v."firstAttemptAt"
       FROM ${jsonRows("v", [["id", "text"], ["attempts", "int"], ["firstAttemptAt", "timestamp"]])}
       WHERE "MwiOutbox"."id" = v."id" AND "MwiOutbox"."claimedBy" = ?`),
      at, JSON.stringify(items.map((i): JsonCell[] => [i.outboxId, i.attempts, sqlDate(i.firstAttemptAt)])), workerId,
    ),
    ...insertAttempts(items.map((i) => i.attempt), now),
    ...markStatesSent(states, now),
  ];
  if (states.length > 0) {
    // A newer state is already waiting (its own row will deliver it); the PBX still got a NOTIFY
    // now, which is what the per-lamp interval (MWI_MIN_INTERVAL_MS) counts from.
    ops.push(statement(sqlFor(
      `UPDATE "MwiState" SET "deliveredVersion" = v."version", "lastSentAt" = ${param("timestamp")}
       FROM ${jsonRows("v", [["mailboxId", "text"], ["version", "int"]])}
       WHERE "MwiState"."mailboxId" = v."mailboxId" AND "MwiState"."version" > v."version"
         AND "MwiState"."deliveredVersion" < v."version"`),
      at, JSON.stringify(states.map((s): JsonCell[] => [s.mailboxId, s.version])),
    ));
  }
  await sqlTransaction((tx) => runAll(tx, ops));
}

