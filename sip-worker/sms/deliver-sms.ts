// Sends the texts claimed for one mailbox, one after the other (a phone gets them in order), and
// records each outcome: sent/delivered, a retry with backoff inside SMS_RETRY_WINDOW_MS (from
// when the text was queued), or failed with the reason.
//
// Exactly-once, and where it ends: the row is marked "sending" before the provider is called.
// - Crash before that mark, or between the mark and the provider call: nothing left the process;
//   the row is retaken after its lease and sent once.
// - Crash after the provider took the text and before "sent" was committed: the retaken row is
//   sent again with the same idempotencyKey. A provider that dedupes on it (outbox; an HTTP
//   aggregator honouring Idempotency-Key) makes that harmless. SMPP cannot: submit_sm has no
//   idempotency field and query_sm needs the message_id the crash lost, so the phone can get
//   the text twice. That window is from the submit_sm reaching the socket to the "sent" commit
//   (one SMSC round trip plus one SQLite write, normally milliseconds); at-least-once inside it is
//   chosen over at-most-once because a missed voice-mail or passcode text is worse than a repeat.
import type { Logger } from "pino";
import { failSms, markSmsSending, markSmsSent, rescheduleSms, type ClaimedSms } from "../../lib/data/sms-delivery";
import { nextAttemptAt, type RetryPolicy } from "../../lib/domain/retry-schedule";
import { maskPhoneNumber } from "../../lib/sms/mask";
import type { SendResult, SmsProvider } from "../../lib/sms/provider";
import type { WorkerMetrics } from "../metrics";

export interface SmsDeliveryDeps {
  workerId: string;
  provider: SmsProvider;
  retryPolicy: RetryPolicy;
  /** The lease taken for each send; SMS_SEND_TIMEOUT_MS must stay well inside it. */
  leaseMs: number;
  logger: Logger;
  metrics: Pick<WorkerMetrics, "smsTexts">;
  /** Called once a text is recorded "sent" (a receipt that raced ahead can be applied now). */
  afterSent?: (providerMessageId: string) => void;
  random?: () => number;
}

export async function deliverSmsRows(rows: ClaimedSms[], deps: SmsDeliveryDeps): Promise<void> {
  for (const row of rows) await deliverOne(row, deps);
}

async function deliverOne(row: ClaimedSms, deps: SmsDeliveryDeps): Promise<void> {
  const { workerId, provider } = deps;
  // Ids, kinds and masked numbers only: the body may hold a passcode or the caller's words.
  const log = deps.logger.child({ smsId: row.id, kind: row.kind, to: maskPhoneNumber(row.toNumber) });
  const attempt = row.attempts + 1;
  if (row.status === "sending") {
    log.warn({ attempt, provider: provider.name }, provider.dedupesByIdempotencyKey
      ? "resending a text whose previous send was never recorded; the provider dedupes it"
      : "resending a text whose previous send was never recorded; the phone may get it twice");
  }
  if (!(await markSmsSending(row.id, workerId, attempt, new Date(Date.now() + deps.leaseMs)))) {
    log.info("text no longer ours (lease lapsed); not sending");
    return;
  }
  let result: SendResult;
  try {
    result = await provider.send({ id: row.id, kind: row.kind, to: row.toNumber, body: row.body, idempotencyKey: row.idempotencyKey });
  } catch (err) {
    result = { ok: false, retryable: true, reason: `provider error: ${(err as Error).message}` };
  }
  const now = new Date();
  if (result.ok) {
    await markSmsSent(row.id, workerId, result.status, result.providerMessageId, now);
    deps.metrics.smsTexts.inc({ kind: row.kind, result: result.status });
    log.info({ attempt, status: result.status, providerMessageId: result.providerMessageId }, "text handed to the provider");
    deps.afterSent?.(result.providerMessageId);
    return;
  }
  let reason = result.reason;
  if (result.retryable) {
    const next = nextAttemptAt(row.createdAt, now, attempt, deps.retryPolicy, (deps.random ?? Math.random)(), result.retryAfterMs);
    if (next) {
      await rescheduleSms(row.id, workerId, next, reason);
      deps.metrics.smsTexts.inc({ kind: row.kind, result: "retry" });
      log.warn({ attempt, reason, nextAttemptAt: next.toISOString() }, "text not sent; will retry");
      return;
    }
    reason = `${reason}; gave up after ${attempt} attempt${attempt === 1 ? "" : "s"} (retry window ${deps.retryPolicy.windowMs} ms)`;
  }
  await failSms(row.id, workerId, reason);
  deps.metrics.smsTexts.inc({ kind: row.kind, result: "failed" });
  log.warn({ attempt, reason }, "text failed");
}
