// The one interface every way of sending a text implements (SMS_PROVIDER = outbox | smpp | http).
// The sip-worker's SMS loop calls send() for a row it has marked "sending" and records the result;
// providers never touch the database.

export interface SmsToSend {
  /** SmsOutbox id (for logs and correlation). */
  id: string;
  kind: string;
  /** E.164, with the leading "+". */
  to: string;
  body: string;
  /** Stable per event ("voicemail:<id>"): a provider that can dedupe on it makes a resend harmless. */
  idempotencyKey: string;
}

export type SendResult =
  | { ok: true; status: "sent" | "delivered"; providerMessageId: string }
  | {
    ok: false;
    /** true: worth trying again later (throttled, 5xx, connection trouble); false: never will work. */
    retryable: boolean;
    /** Short and free of message text or secrets: it is stored in SmsOutbox.reason and logged. */
    reason: string;
    /** The provider's own hint (HTTP Retry-After), a floor for the next attempt. */
    retryAfterMs?: number;
  };

/** A delivery receipt from the network, reported after send() returned "sent". */
export interface DeliveryReceipt {
  providerMessageId: string;
  delivered: boolean;
  /** e.g. "stat:UNDELIV err:001" when not delivered. */
  reason: string | null;
}

export interface SmsProvider {
  readonly name: "outbox" | "smpp" | "http";
  /**
   * Whether sending the same idempotencyKey twice reaches the handset once. Decides what a resend
   * after a crash mid-send costs: nothing (true), or possibly a duplicate text (false).
   */
  readonly dedupesByIdempotencyKey: boolean;
  send(msg: SmsToSend): Promise<SendResult>;
  /** Receipts arriving later (SMPP deliver_sm); providers without receipts never call it. */
  onReceipt(listener: (r: DeliveryReceipt) => void): void;
  close(): Promise<void>;
}
