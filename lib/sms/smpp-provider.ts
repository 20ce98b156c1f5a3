// SMS_PROVIDER=smpp: an SMPP 3.4 client (the `smpp` package) bound as a transceiver, so the same
// session submits texts and receives their delivery receipts. It keeps itself alive: its own
// enquire_link every SMPP_ENQUIRE_LINK_MS with a deadline (a silent half-open TCP connection is
// detected, not just an RST), re-binds with exponential backoff and jitter after any drop, caps
// submits at SMPP_MAX_PER_SEC (a token bucket; SMSCs answer ESME_RTHROTTLED above their contract),
// and sends long texts as concatenated SMS. SMPP has no idempotency: see dedupesByIdempotencyKey.
import smpp, { type PDU, type Session } from "smpp";
import type { Logger } from "pino";
import { defaultBurst, fullBucket, take, type TokenBucket, type TokenBucketLimits } from "../domain/token-bucket";
import type { DeliveryReceipt, SendResult, SmsProvider, SmsToSend } from "./provider";
import { buildSubmitParts, isRetryableSmppStatus, parseDeliveryReceipt, smppStatusName } from "./smpp-pdus";

export interface SmppProviderOptions {
  /** smpp://host:port (ssmpp:// for TLS). */
  url: string;
  systemId: string;
  password: string;
  sourceAddr: string;
  /** submit_sm per second at most (0 = no cap). */
  maxPerSec: number;
  enquireLinkMs: number;
  /** How long bind, submit_sm and enquire_link wait for their response. */
  responseTimeoutMs: number;
  reconnectBaseMs: number;
  reconnectMaxMs: number;
  logger: Logger;
}

interface SubmitAnswer {
  status: number;
  messageId: string;
}

/** Receipt bookkeeping for a concatenated text: one receipt per part, one outcome per text. */
interface PartGroup {
  providerMessageId: string;
  remaining: number;
  failure: string | null;
}

/** Part ids awaiting receipts; beyond this the oldest are forgotten (their receipts then map by part). */
const MAX_TRACKED_PARTS = 10_000;

export class SmppSmsProvider implements SmsProvider {
  readonly name = "smpp" as const;
  /**
   * false: an SMSC accepts the same submit_sm twice and delivers two texts. A crash after the
   * submit_sm left this process and before its submit_sm_resp was recorded can duplicate a text.
   */
  readonly dedupesByIdempotencyKey = false;

  private session: Session | undefined;
  private bound = false;
  private closed = false;
  private lastProblem = "not connected yet";
  private reconnectAttempt = 0;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private enquireTimer: NodeJS.Timeout | undefined;
  private boundWaiters = new Set<() => void>();
  private inFlight = new Set<(reason: string) => void>();
  private partGroups = new Map<string, PartGroup>();
  private receiptListeners: ((r: DeliveryReceipt) => void)[] = [];
  private bucket: TokenBucket;
  private readonly limits: TokenBucketLimits;
  private throttleChain: Promise<void> = Promise.resolve();
  private reference = Math.floor(Math.random() * 256);

  constructor(private readonly opts: SmppProviderOptions) {
    if (!/^s?smpp:\/\/[^/]+:\d+/.test(opts.url)) throw new Error("SMS_PROVIDER=smpp needs SMPP_URL like smpp://host:2775");
    this.limits = { ratePerSec: opts.maxPerSec, burst: defaultBurst(opts.maxPerSec) };
    this.bucket = fullBucket(this.limits, Date.now());
  }

  /** Connects and binds in the background; send() waits for the bind. */
  start(): void {
    this.connect();
  }

  get isBound(): boolean {
    return this.bound;
  }

  onReceipt(listener: (r: DeliveryReceipt) => void): void {
    this.receiptListeners.push(listener);
  }

  private connect(): void {
    if (this.closed) return;
    const session = smpp.connect({ url: this.opts.url });
    this.session = session;
    session.on("connect", () => this.bind(session));
    // 'close' follows every error; reconnecting happens there, once.
    session.on("error", (err: NodeJS.ErrnoException) => {
      this.lastProblem = err.code ?? err.message;
      this.opts.logger.warn({ code: err.code, err: err.message }, "SMPP connection error");
      // Not a socket error but a PDU the package could not parse: the byte stream is out of step
      // and nothing after it can be trusted, so start over on a new connection.
      if (!err.code) session.destroy();
    });
    session.on("close", () => this.dropped(session));
    session.on("deliver_sm", (pdu: PDU) => {
      session.send(pdu.response());
      this.receipt(pdu);
    });
    session.on("enquire_link", (pdu: PDU) => session.send(pdu.response()));
    session.on("unbind", (pdu: PDU) => {
      // The SMSC is going away (maintenance, failover): answer, close, and re-bind later.
      session.send(pdu.response());
      this.lastProblem = "unbound by SMSC";
      session.close();
    });
  }

  private bind(session: Session): void {
    const timer = setTimeout(() => {
      this.lastProblem = "bind_transceiver timed out";
      session.destroy();
    }, this.opts.responseTimeoutMs);
    session.bind_transceiver({ system_id: this.opts.systemId, password: this.opts.password, interface_version: 0x34 }, (resp) => {
      clearTimeout(timer);
      if (session !== this.session) return;
      if (resp.command_status !== 0) {
        this.lastProblem = `bind_transceiver rejected: ${smppStatusName(resp.command_status)}`;
        this.opts.logger.error({ status: smppStatusName(resp.command_status) }, "SMPP bind rejected");
        session.destroy();
        return;
      }
      this.bound = true;
      this.reconnectAttempt = 0;
      // What a later drop is reported as, unless a socket error says more.
      this.lastProblem = "connection closed";
      this.opts.logger.info({ url: this.opts.url, systemId: this.opts.systemId }, "SMPP bound as transceiver");
      for (const w of this.boundWaiters) w();
      this.boundWaiters.clear();
      this.enquireTimer = setInterval(() => this.enquireLink(session), this.opts.enquireLinkMs);
    });
  }

  /** Keep-alive with a deadline: no enquire_link_resp in time means the link is dead. */
  private enquireLink(session: Session): void {
    const timer = setTimeout(() => {
      this.lastProblem = "enquire_link unanswered";
      this.opts.logger.warn("SMPP enquire_link unanswered; reconnecting");
      session.destroy();
    }, this.opts.responseTimeoutMs);
    const sent = session.enquire_link({}, () => clearTimeout(timer));
    if (!sent) clearTimeout(timer);
  }

  private dropped(session: Session): void {
    if (session !== this.session) return;
    const wasBound = this.bound;
    this.bound = false;
    this.session = undefined;
    clearInterval(this.enquireTimer);
    // Submits waiting for a response will never get one on this connection.
    for (const fail of [...this.inFlight]) fail(`connection lost (${this.lastProblem})`);
    if (this.closed) return;
    const ceiling = Math.min(this.opts.reconnectMaxMs, this.opts.reconnectBaseMs * 2 ** this.reconnectAttempt);
    const delay = Math.round(ceiling / 2 + (ceiling / 2) * Math.random());
    this.reconnectAttempt++;
    if (wasBound) this.opts.logger.warn({ reason: this.lastProblem, retryInMs: delay }, "SMPP connection dropped; reconnecting");
    this.reconnectTimer = setTimeout(() => this.connect(), delay);
  }

  private whenBound(timeoutMs: number): Promise<boolean> {
    if (this.bound) return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.boundWaiters.delete(done);
        resolve(this.bound);
      };
      const timer = setTimeout(done, timeoutMs);
      this.boundWaiters.add(done);
    });
  }

  /** Waits for a token; calls are queued so the cap holds across concurrent sends. */
  private throttle(): Promise<void> {
    const turn = this.throttleChain.then(async () => {
      for (;;) {
        const r = take(this.bucket, this.limits, Date.now());
        this.bucket = r.bucket;
        if (r.waitMs === 0) return;
        await new Promise((res) => setTimeout(res, r.waitMs));
      }
    });
    this.throttleChain = turn;
    return turn;
  }

  /**
   * One submit_sm. `onAccepted` runs synchronously inside the response callback, before any later
   * PDU on the socket is handled: a receipt that follows its submit_sm_resp in the same read then
   * finds the part already registered.
   */
  private submit(params: Record<string, unknown>, onAccepted: (messageId: string) => void): Promise<SubmitAnswer> {
    const session = this.session;
    return new Promise((resolve, reject) => {
      if (!session || !this.bound) {
        reject(new Error(`not bound (${this.lastProblem})`));
        return;
      }
      const finish = (answer: SubmitAnswer | null, reason?: string) => {
        clearTimeout(timer);
        this.inFlight.delete(fail);
        if (answer) resolve(answer);
        else reject(new Error(reason));
      };
      const fail = (reason: string) => finish(null, reason);
      const timer = setTimeout(() => fail(`submit_sm_resp timed out after ${this.opts.responseTimeoutMs} ms`), this.opts.responseTimeoutMs);
      this.inFlight.add(fail);
      const written = session.submit_sm(params, (resp) => {
        const answer = { status: resp.command_status, messageId: String(resp.message_id ?? "").replace(/\0+$/, "") };
        if (answer.status === 0) onAccepted(answer.messageId);
        finish(answer);
      });
      if (!written) fail("socket not writable");
    });
  }

  async send(msg: SmsToSend): Promise<SendResult> {
    if (this.closed) return { ok: false, retryable: true, reason: "SMPP provider closed" };
    if (!(await this.whenBound(this.opts.responseTimeoutMs))) {
      return { ok: false, retryable: true, reason: `SMPP not bound (${this.lastProblem})` };
    }
    this.reference = (this.reference + 1) & 0xff;
    const parts = buildSubmitParts({ to: msg.to, body: msg.body, sourceAddr: this.opts.sourceAddr, reference: this.reference });
    // Receipts come per part; the group turns them into one outcome for the text (keyed by the
    // first part's id, which is the row's providerMessageId).
    const group: PartGroup = { providerMessageId: "", remaining: parts.length, failure: null };
    const track = (messageId: string) => {
      if (!group.providerMessageId) group.providerMessageId = messageId;
      if (parts.length === 1) return;
      this.partGroups.set(messageId, group);
      while (this.partGroups.size > MAX_TRACKED_PARTS) this.partGroups.delete(this.partGroups.keys().next().value!);
    };
    for (const part of parts) {
      await this.throttle();
      // The link may have dropped while this text waited its turn: wait for the re-bind.
      if (!this.bound && !(await this.whenBound(this.opts.responseTimeoutMs))) {
        return { ok: false, retryable: true, reason: `SMPP not bound (${this.lastProblem})` };
      }
      let answer: SubmitAnswer;
      try {
        answer = await this.submit(part as unknown as Record<string, unknown>, track);
      } catch (err) {
        return { ok: false, retryable: true, reason: `submit_sm: ${(err as Error).message}` };
      }
      if (answer.status !== 0) {
        return { ok: false, retryable: isRetryableSmppStatus(answer.status), reason: `submit_sm rejected: ${smppStatusName(answer.status)}` };
      }
    }
    return { ok: true, status: "sent", providerMessageId: group.providerMessageId };
  }

  private receipt(pdu: PDU): void {
    const r = parseDeliveryReceipt(pdu as { esm_class?: unknown; short_message?: unknown });
    if (!r || !r.final) return;
    let out: DeliveryReceipt = { providerMessageId: r.messageId, delivered: r.delivered, reason: r.reason };
    const group = this.partGroups.get(r.messageId);
    if (group) {
      this.partGroups.delete(r.messageId);
      if (!r.delivered) group.failure ??= r.reason;
      if (--group.remaining > 0) return;
      out = { providerMessageId: group.providerMessageId, delivered: group.failure === null, reason: group.failure };
    }
    for (const l of this.receiptListeners) l(out);
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.reconnectTimer);
    clearInterval(this.enquireTimer);
    for (const w of this.boundWaiters) w();
    const session = this.session;
    if (!session) return;
    if (this.bound) {
      // A polite unbind lets the SMSC release the bind at once instead of waiting for a timeout.
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 1_000);
        if (!session.unbind({}, () => { clearTimeout(timer); resolve(); })) { clearTimeout(timer); resolve(); }
      });
    }
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => { session.destroy(); resolve(); }, 1_000);
      session.close(() => { clearTimeout(timer); resolve(); });
    });
  }
}
