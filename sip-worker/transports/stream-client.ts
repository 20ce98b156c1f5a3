// SIP client transport over a stream (RFC 3261 §18): TCP or TLS, chosen by the socket factory
// given to it. One connection per peer host:port is opened on demand and reused for every request
// to that peer (DESIGN: "TCP/TLS connections are reused per peer"); many client transactions can
// be in flight on it at once. A closed connection is simply forgotten and the next send opens a
// new one (reconnect on close).
//
// Only non-INVITE client transactions are needed (NOTIFY, later MESSAGE/OPTIONS). Over a reliable
// transport there are no retransmissions (§17.1.2.2: Timer E does not run); Timer F becomes the
// per-transaction timeout, and provisional 1xx responses are ignored while waiting for the final.
import type net from "node:net";
import type { Logger } from "pino";
import { parseSipMessage, type ParsedSipMessage } from "../sip/parse-message";
import type { RequestHandler } from "../sip/handle-request";
import { ClientTransactions } from "./client-transactions";
import type { SipClient, SipRequestToSend, SipSendResult, SipTransportError } from "./sip-client";
import { DEFAULT_FRAMING_LIMITS, SipStreamFramer, type FramingLimits } from "./sip-stream-framer";

/** Opens the socket of one connection; `readyEvent` is when the stream is usable. */
export interface StreamConnector {
  transport: "TCP" | "TLS";
  connect(host: string, port: number): { socket: net.Socket; readyEvent: "connect" | "secureConnect" };
}

export interface SipStreamClientOptions {
  /** How long a transaction waits for its final response (env.sipTransactionTimeoutMs). */
  transactionTimeoutMs: number;
  /** How long a connection (and a TLS handshake) may take; defaults to the transaction timeout. */
  connectTimeoutMs?: number;
  /** Close a connection with nothing in flight after this long without traffic. */
  idleTimeoutMs?: number;
  framingLimits?: FramingLimits;
  /** Answers requests a peer sends over our connection (§18: a connection carries both ways). */
  onRequest?: RequestHandler;
  logger?: Logger;
}

const DEFAULT_IDLE_TIMEOUT_MS = 5 * 60_000;

/** Socket error codes that mean the network, not TLS, failed (even during a handshake). */
const NETWORK_ERRORS: Record<string, SipTransportError> = {
  ECONNREFUSED: "refused",
  ECONNRESET: "reset",
  EPIPE: "reset",
  ETIMEDOUT: "timeout",
  EHOSTUNREACH: "unreachable",
  ENETUNREACH: "unreachable",
  ENOTFOUND: "unreachable",
  EAI_AGAIN: "unreachable",
  EADDRNOTAVAIL: "unreachable",
};

/** Node socket error codes, as a result the delivery code can record and count. */
export function transportErrorFor(err: NodeJS.ErrnoException): SipTransportError {
  return (err.code && NETWORK_ERRORS[err.code]) || "network";
}

function normaliseAddress(address: string | undefined): string {
  return (address ?? "").replace(/^::ffff:/i, "");
}

type Failure = { error: SipTransportError; detail: string };

class PeerConnection {
  readonly socket: net.Socket;
  private readonly framer: SipStreamFramer;
  private failure: Failure | undefined;
  private connectTimer: NodeJS.Timeout | undefined;
  private ready = false;
  closed = false;

  constructor(
    readonly host: string,
    readonly port: number,
    private readonly client: SipStreamClient,
    private readonly opts: SipStreamClientOptions,
    connector: StreamConnector,
  ) {
    this.framer = new SipStreamFramer(opts.framingLimits ?? DEFAULT_FRAMING_LIMITS);
    // Writes issued before the stream is ready are queued by Node (TLS: until the handshake ends).
    const { socket, readyEvent } = connector.connect(host, port);
    this.socket = socket;
    this.socket.setNoDelay(true);
    this.socket.setKeepAlive(true, 30_000);
    this.connectTimer = setTimeout(() => {
      this.fail("timeout", `${connector.transport} connect to ${host}:${port} timed out`);
    }, opts.connectTimeoutMs ?? opts.transactionTimeoutMs);
    this.socket.once(readyEvent, () => {
      this.ready = true;
      clearTimeout(this.connectTimer);
      this.socket.setTimeout(opts.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS);
    });
    this.socket.on("timeout", () => {
      if (!this.client.hasPending(this)) this.socket.end();
    });
    this.socket.on("data", (chunk: Buffer) => this.onData(chunk));
    this.socket.on("error", (err: NodeJS.ErrnoException) => {
      const networkError = err.code !== undefined && err.code in NETWORK_ERRORS;
      if (connector.transport === "TLS" && !this.ready && !networkError) {
        // Certificate verification and handshake failures (UNABLE_TO_VERIFY_LEAF_SIGNATURE,
        // ERR_TLS_CERT_ALTNAME_INVALID, ERR_SSL_…): a failed attempt that names the cause.
        this.failure ??= { error: "tls", detail: `TLS handshake with ${host}:${port} failed: ${err.code ?? ""} ${err.message}`.replace(/\s+/g, " ") };
      } else {
        this.failure ??= { error: transportErrorFor(err), detail: err.code ?? err.message };
      }
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

  get usable(): boolean {
    // A socket ending (idle close) or destroyed may not have emitted 'close' yet: never queue on it.
    return !this.closed && !this.socket.destroyed && this.socket.writable;
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
        const source = { address: normaliseAddress(this.socket.remoteAddress), port: this.socket.remotePort ?? 0, transport: this.client.transport };
        const reply = (wire: string) => { if (!this.socket.destroyed) this.socket.write(wire); };
        void Promise.resolve(this.opts.onRequest(parsed, source)).then((outcome) => {
          if (outcome.response) reply(outcome.response);
          outcome.afterResponse?.();
        }).catch((err) => this.opts.logger?.error({ err }, "error handling SIP request on an outbound connection"));
      }
    }
  }
}

export class SipStreamClient implements SipClient {
  private readonly connections = new Map<string, PeerConnection>();
  private readonly transactions = new ClientTransactions<object>();
  private readonly watchedSockets = new WeakSet<net.Socket>();

  constructor(private readonly connector: StreamConnector, private readonly opts: SipStreamClientOptions) {}

  get transport(): "TCP" | "TLS" {
    return this.connector.transport;
  }

  /** Open connections (for health and tests). */
  get connectionCount(): number {
    return this.connections.size;
  }

  send(request: SipRequestToSend): Promise<SipSendResult> {
    const peer = `${request.host}:${request.port}`;
    let connection = this.connections.get(peer);
    if (!connection || !connection.usable) {
      connection = new PeerConnection(request.host, request.port, this, this.opts, this.connector);
      this.connections.set(peer, connection);
    }
    const result = this.transactions.start({
      branch: request.branch, method: request.method, owner: connection, timeoutMs: this.opts.transactionTimeoutMs,
    });
    writeCoalesced(connection.socket, request.wire);
    return result;
  }

  /**
   * Sends on a connection the peer opened to our listener: in-dialog requests go back over the
   * connection the dialog arrived on while it is open (RFC 5923 connection reuse; a phone behind
   * NAT can be reached no other way). The response arrives on that socket through the listener.
   */
  sendOn(socket: net.Socket, request: Omit<SipRequestToSend, "host" | "port">): Promise<SipSendResult> {
    if (!this.watchedSockets.has(socket)) {
      this.watchedSockets.add(socket);
      socket.once("close", () => this.transactions.failOwner(socket, { error: "closed", detail: "connection closed by peer" }));
    }
    const result = this.transactions.start({
      branch: request.branch, method: request.method, owner: socket, timeoutMs: this.opts.transactionTimeoutMs,
    });
    socket.write(request.wire);
    return result;
  }

  /** A response from any connection (ours or one the peer opened to our listener, §18.2.2). */
  acceptResponse(parsed: Extract<ParsedSipMessage, { kind: "response" }>): void {
    if (!this.transactions.acceptResponse(parsed)) {
      this.opts.logger?.debug({ status: parsed.statusCode, branch: parsed.branch }, "response matches no transaction (late or stray)");
    }
  }

  hasPending(connection: PeerConnection): boolean {
    return this.transactions.hasOwner(connection);
  }

  connectionClosed(connection: PeerConnection, failure: Failure): void {
    if (this.connections.get(connection.key) === connection) this.connections.delete(connection.key);
    this.transactions.failOwner(connection, failure);
  }

  async close(): Promise<void> {
    const closing = [...this.connections.values()].map((c) => new Promise<void>((resolve) => {
      if (c.closed) return resolve();
      c.socket.once("close", () => resolve());
      c.fail("closed", "worker shutting down");
    }));
    await Promise.all(closing);
    this.transactions.failAll({ error: "closed", detail: "worker shutting down" });
  }
}

/**
 * Writes a message, coalescing the messages written to one socket in the same tick into one
 * write (a batch sends hundreds of NOTIFYs to one PBX at once): a syscall per NOTIFY cost more
 * than building it. The order on the wire is the order of the calls.
 */
function writeCoalesced(socket: net.Socket, wire: string): void {
  if (!socket.writableCorked) {
    socket.cork();
    process.nextTick(() => socket.uncork());
  }
  socket.write(wire);
}
