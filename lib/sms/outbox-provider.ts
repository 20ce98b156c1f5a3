// SMS_PROVIDER=outbox (the embedded default): nothing leaves the machine. The row itself is the
// text — the EAC text message log and the OWA test phone inbox read SmsOutbox — so "sending" it
// is marking it delivered at once. It dedupes trivially: there is nothing outside to duplicate.
import type { DeliveryReceipt, SendResult, SmsProvider, SmsToSend } from "./provider";

export class OutboxSmsProvider implements SmsProvider {
  readonly name = "outbox" as const;
  readonly dedupesByIdempotencyKey = true;

  async send(msg: SmsToSend): Promise<SendResult> {
    return { ok: true, status: "delivered", providerMessageId: `outbox:${msg.id}` };
  }

  onReceipt(_listener: (r: DeliveryReceipt) => void): void {
    // Delivered at send time; no later receipts.
  }

  async close(): Promise<void> {}
}
