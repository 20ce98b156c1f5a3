// SMS_PROVIDER=http: a generic JSON webhook for SMS aggregators. POST SMS_HTTP_URL with
// {to, body, idempotencyKey, kind}, signed (see http-signature.ts), with an Idempotency-Key
// header too, so a receiver that honours it turns a resend after a worker crash into a no-op.
// 2xx → sent; 429 → retry (after Retry-After); other 4xx → failed for good (the request itself
// is wrong: retrying cannot help); 5xx, timeouts and network errors → retry.
import { SIGNATURE_HEADER, signatureHeader } from "./http-signature";
import type { DeliveryReceipt, SendResult, SmsProvider, SmsToSend } from "./provider";

export interface HttpProviderOptions {
  url: string;
  secret: string;
  timeoutMs: number;
  /** Injected for tests; the real clock otherwise. */
  now?: () => number;
}

/** Retry-After as seconds or an HTTP date (RFC 9110 §10.2.3), in ms from `nowMs`. */
export function parseRetryAfter(value: string | null, nowMs: number): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

/** The result for an HTTP answer (pure, so the status mapping is unit-tested). */
export function classifyHttpResponse(status: number, retryAfterMs: number | undefined, providerMessageId: string): SendResult {
  if (status >= 200 && status < 300) return { ok: true, status: "sent", providerMessageId };
  if (status === 429) return { ok: false, retryable: true, reason: "HTTP 429 Too Many Requests", retryAfterMs };
  if (status >= 400 && status < 500) return { ok: false, retryable: false, reason: `HTTP ${status}` };
  return { ok: false, retryable: true, reason: `HTTP ${status}`, retryAfterMs };
}

export class HttpSmsProvider implements SmsProvider {
  readonly name = "http" as const;
  /** Only as far as the receiver honours Idempotency-Key; we cannot know, so we assume it does not. */
  readonly dedupesByIdempotencyKey = false;
  private readonly now: () => number;

  constructor(private readonly opts: HttpProviderOptions) {
    if (!opts.url) throw new Error("SMS_PROVIDER=http needs SMS_HTTP_URL");
    if (!opts.secret) throw new Error("SMS_PROVIDER=http needs SMS_HTTP_SECRET (requests are signed)");
    this.now = opts.now ?? Date.now;
  }

  async send(msg: SmsToSend): Promise<SendResult> {
    const raw = JSON.stringify({ to: msg.to, body: msg.body, idempotencyKey: msg.idempotencyKey, kind: msg.kind });
    const t = Math.floor(this.now() / 1000);
    let res: Response;
    try {
      res = await fetch(this.opts.url, {
        method: "POST",
        headers: {
          "Content-Type": "application/json",
          "Idempotency-Key": msg.idempotencyKey,
          [SIGNATURE_HEADER]: signatureHeader(this.opts.secret, t, raw),
        },
        body: raw,
        signal: AbortSignal.timeout(this.opts.timeoutMs),
        redirect: "error",
      });
    } catch (err) {
      const e = err as { name?: string; cause?: { code?: string } };
      const what = e.name === "TimeoutError" ? `timeout after ${this.opts.timeoutMs} ms` : (e.cause?.code ?? e.name ?? "network error");
      return { ok: false, retryable: true, reason: `network: ${what}` };
    }
    const providerMessageId = await this.messageIdFrom(res, msg.idempotencyKey);
    return classifyHttpResponse(res.status, parseRetryAfter(res.headers.get("retry-after"), this.now()), providerMessageId);
  }

  /** An aggregator's own id when it returns one ({"id": …} or {"messageId": …}), else our key. */
  private async messageIdFrom(res: Response, fallback: string): Promise<string> {
    const text = await res.text().catch(() => "");
    if (!res.ok || !text) return fallback;
    try {
      const json = JSON.parse(text) as { id?: unknown; messageId?: unknown };
      const id = json.id ?? json.messageId;
      return typeof id === "string" || typeof id === "number" ? String(id).slice(0, 200) : fallback;
    } catch {
      return fallback;
    }
  }

  onReceipt(_listener: (r: DeliveryReceipt) => void): void {
    // A webhook provider reports delivery through its own callback, which is not part of this
    // interface yet; rows stay "sent".
  }

  async close(): Promise<void> {}
}
