// SIP client transport over TCP (RFC 3261 §18). One connection per peer host:port is opened on
// demand and reused for every request to that peer (DESIGN: "TCP/TLS connections are reused per
// peer"); many client transactions can be in flight on it at once. A closed connection is simply
// forgotten and the next send opens a new one.
//
// Only non-INVITE client transactions are needed (NOTIFY, later MESSAGE/OPTIONS). Over a reliable
// transport there are no retransmissions (§17.1.2.2: Timer E does not run); Timer F becomes the
// per-transaction timeout, and provisional 1xx responses are ignored while waiting for the final.
import net from "node:net";
import { performance } from "node:perf_hooks";
import type { Logger } from "pino";
import { parseSipMessage, type ParsedSipMessage } from "../sip/parse-message";
import type { RequestOutcome, RequestSource } from "../sip/handle-request";
import type {
  SipClient, SipFinalResponse, SipRequestToSend, SipSendFailure, SipSendResult, SipTransportError,
} from "./sip-client";
import { DEFAULT_FRAMING_LIMITS, SipStreamFramer, type FramingLimits } from "./sip-stream-framer";

export interface SipTcpClientOptions {
  /** How long a transaction waits for its final response (env.sipTransactionTimeoutMs). */
  transactionTimeoutMs: number;
  /** How long a connection may take to establish; defaults to the transaction timeout. */
  connectTimeoutMs?: number;
  /** Close a connection with nothing in flight after this long without traffic. */
  idleTimeoutMs?: number;
  framingLimits?: FramingLimits;
  /** Answers requests a peer sends over our connection (§18: a connection carries both ways). */
  onRequest?: (request: Extract<ParsedSipMessage, { kind: "request" }>, source: RequestSource) => RequestOutcome;
  logger?: Logger;
}

interface PendingTransaction {
  connection: PeerConnection;
  startedAt: number;
  timer: NodeJS.Timeout;
  resolve: (r: SipSendResult) => void;
}

const DEFAULT_IDLE_TIMEOUT_MS = 5 * 60_000;

export function transactionKey(branch: string, method: string): string {
  return `${branch}\u0000${method.toUpperCase()}`;
}

/** Node socket error codes, as a result the delivery code can record and count. */
export function transportErrorFor(err: NodeJS.ErrnoException): SipTransportError {
  switch (err.code) {
    case "ECONNREFUSED":
      return "refused";
    case "ECONNRESET":
    case "EPIPE":
      return "reset";
    case "ETIMEDOUT":
      return "timeout";
    case "EHOSTUNREACH":
    case "ENETUNREACH":
    case "ENOTFOUND":
    case "EAI_AGAIN":
    case "EADDRNOTAVAIL":
      return "unreachable";
    default:
      return "network";
  }
}

/** RFC 3261 §20.33: "Retry-After: 120 (comment);duration=3600" — delta-seconds come first. */
export function retryAfterMs(value: string | undefined): number | undefined {
  const m = value === undefined ? null : /^\s*(\d{1,9})/.exec(value);
  return m ? Number(m[1]) * 1000 : undefined;
}

function normaliseAddress(address: string | undefined): string {
  return (address ?? "").replace(/^::ffff:/i, "");
}

class PeerConnection {
  readonly socket: net.Socket;
  private readonly framer: SipStreamFramer;
  private failure: { error: SipTransportError; detail: string } | undefined;
  private connectTimer: NodeJS.Timeout | undefined;
  closed = false;

  constructor(
    readonly host: string,
    readonly port: number,
    private readonly client: SipTcpClient,
    private readonly opts: SipTcpClientOptions,
  ) {
    this.framer = new SipStreamFramer(opts.framingLimits ?? DEFAULT_FRAMING_LIMITS);
    // Writes issued before 'connect' are queued by Node and flushed once connected.
    this.socket = net.connect({ host, port, noDelay: true });
    this.socket.setKeepAlive(true, 30_000);
    this.connectTimer = setTimeout(() => {
      this.fail("timeout", `connect to ${host}:${port} timed out`);
    }, opts.connectTimeoutMs ?? opts.transactionTimeoutMs);
    this.socket.once("connect", () => {
      clearTimeout(this.connectTimer);
      this.socket.setTimeout(opts.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS);
    });
    this.socket.on("timeout", () => {
      if (!this.client.hasPending(this)) this.socket.end();
    });
    this.socket.on("data", (chunk: Buffer) => this.onData(chunk));
    this.socket.on("error", (err: NodeJS.ErrnoException) => {
      this.failure ??= { error: transportErrorFor(err), detail: err.code ?? err.message };
    });
    this.socket.on("close", () => {
      clearTimeout(this.connectTimer);
      this.closed = true;
      this.client.connectionClosed(this, this.failure ?? { error: "closed", detail: "connection closed by peer" });
    });
  }

  get key(): string {
    return `${this.host}:${this.port}`;
  }

  write(wire: string): void {
    this.socket.write(wire);
  }

  /** Drops the connection; every transaction still waiting on it fails with `error`. */
  fail(error: SipTransportError, detail: string): void {
    this.failure ??= { error, detail };
    this.socket.destroy();
  }

  private onData(chunk: Buffer): void {
    for (const item of this.framer.push(chunk)) {
      if (item.type === "error") {
        this.opts.logger?.warn({ peer: this.key, err: item.reason }, "SIP framing error; closing connection");
        this.fail("protocol", item.reason);
        return;
      }
      if (item.type === "ping") {
        this.socket.write("\r\n"); // RFC 5626 §3.5.1 pong
        continue;
      }
      const parsed = parseSipMessage(item.data);
      if (!parsed) {
        this.opts.logger?.debug({ peer: this.key, bytes: item.data.length }, "unparseable SIP message dropped");
      } else if (parsed.kind === "response") {
        this.client.acceptResponse(parsed);
      } else if (this.opts.onRequest) {
        const source = { address: normaliseAddress(this.socket.remoteAddress), port: this.socket.remotePort ?? 0 };
        const outcome = this.opts.onRequest(parsed, source);
        if (outcome.response) this.socket.write(outcome.response);
      }
    }
  }
}

export class SipTcpClient implements SipClient {
  private readonly connections = new Map<string, PeerConnection>();
  private readonly pending = new Map<string, PendingTransaction>();

  constructor(private readonly opts: SipTcpClientOptions) {}

  /** Open connections (for health and tests). */
  get connectionCount(): number {
    return this.connections.size;
  }

  send(request: SipRequestToSend): Promise<SipSendResult> {
    const key = transactionKey(request.branch, request.method);
    const startedAt = performance.now();
    if (this.pending.has(key)) {
      return Promise.resolve({ error: "network", detail: "duplicate transaction id", latencyMs: 0 });
    }
    const peer = `${request.host}:${request.port}`;
    let connection = this.connections.get(peer);
    // A socket ending (idle close) or destroyed may not have emitted 'close' yet: never queue on it.
    if (!connection || connection.closed || connection.socket.destroyed || !connection.socket.writable) {
      connection = new PeerConnection(request.host, request.port, this, this.opts);
      this.connections.set(peer, connection);
    }
    const conn = connection;
    return new Promise<SipSendResult>((resolve) => {
      const timer = setTimeout(() => {
        this.finish(key, { error: "timeout", detail: `no final response within ${this.opts.transactionTimeoutMs} ms` });
      }, this.opts.transactionTimeoutMs);
      this.pending.set(key, { connection: conn, startedAt, timer, resolve });
      conn.write(request.wire);
    });
  }

  /** A response from any connection (ours or one the peer opened to our listener, §18.2.2). */
  acceptResponse(parsed: Extract<ParsedSipMessage, { kind: "response" }>): void {
    const res = parsed.message;
    const key = transactionKey(parsed.branch, res.method);
    if (!this.pending.has(key)) {
      this.opts.logger?.debug({ status: parsed.statusCode, branch: parsed.branch }, "response matches no transaction (late or stray)");
      return;
    }
    if (parsed.statusCode < 200) return; // §17.1.2.2: provisional; keep waiting for the final one.
    this.finish(key, {
      statusCode: parsed.statusCode,
      reasonPhrase: parsed.reasonPhrase,
      retryAfterMs: retryAfterMs(res.getHeader("retry-after")),
    });
  }

  hasPending(connection: PeerConnection): boolean {
    for (const t of this.pending.values()) if (t.connection === connection) return true;
    return false;
  }

  connectionClosed(connection: PeerConnection, failure: { error: SipTransportError; detail: string }): void {
    if (this.connections.get(connection.key) === connection) this.connections.delete(connection.key);
    for (const [key, t] of this.pending) {
      if (t.connection === connection) this.finish(key, failure);
    }
  }

  async close(): Promise<void> {
    const closing = [...this.connections.values()].map((c) => new Promise<void>((resolve) => {
      if (c.closed) return resolve();
      c.socket.once("close", () => resolve());
      c.fail("closed", "worker shutting down");
    }));
    await Promise.all(closing);
  }

  private finish(key: string, outcome: Omit<SipFinalResponse, "latencyMs"> | Omit<SipSendFailure, "latencyMs">): void {
    const t = this.pending.get(key);
    if (!t) return;
    this.pending.delete(key);
    clearTimeout(t.timer);
    t.resolve({ ...outcome, latencyMs: Math.round(performance.now() - t.startedAt) } as SipSendResult);
  }
}
