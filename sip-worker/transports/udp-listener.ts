// The worker's one UDP socket (RFC 3261 §18.2): inbound requests go to the shared request
// handler, responses to our client transactions (udp.ts sends through this same socket). Every
// datagram is untrusted: anything that is not a parseable SIP message is dropped, keep-alives
// (CRLF, RFC 5626 §4.4.1) are ignored, a request whose Content-Length exceeds the datagram is
// answered 400 (§18.3), a longer body is cut to Content-Length.
//
// UDP requests are retransmitted by their sender until answered, so a small server-transaction
// cache (§17.2.2) answers a retransmission with the response already given instead of handling
// it twice (a retransmitted initial SUBSCRIBE must not create a second subscription).
import dgram from "node:dgram";
import net from "node:net";
import type { Logger } from "pino";
import { parseSipMessage, type ParsedSipMessage } from "../sip/parse-message";
import { sipResponse, type RequestHandler, type RequestSource } from "../sip/handle-request";
import { contentLengthOf, SipFramingError } from "./sip-stream-framer";

export interface SipUdpListenerOptions {
  host: string;
  port: number;
  onRequest: RequestHandler;
  onResponse?: (response: Extract<ParsedSipMessage, { kind: "response" }>) => void;
  /** Largest body accepted (the stream transports' cap). */
  maxBodyBytes?: number;
  /** How long a response is kept to answer retransmissions: Timer J = 64*T1 (§17.2.2). */
  serverTransactionMs?: number;
  /** Requests being handled at once (SUBSCRIBE reads the database); more are dropped, UDP retransmits. */
  maxInFlight?: number;
  logger?: Logger;
}

const MAX_CACHED_TRANSACTIONS = 10_000;

interface ServerTransaction {
  /** null while the request is still being handled */
  response: string | null;
  expiresAt: number;
}

export class SipUdpListener {
  private socket: dgram.Socket | undefined;
  private readonly serverTransactions = new Map<string, ServerTransaction>();
  private inFlight = 0;
  private boundAddress: string | undefined;

  constructor(private readonly opts: SipUdpListenerOptions) {}

  get listening(): boolean {
    return this.boundAddress !== undefined;
  }

  get address(): string | undefined {
    return this.boundAddress;
  }

  start(): Promise<void> {
    const socket = dgram.createSocket({ type: net.isIPv6(this.opts.host) ? "udp6" : "udp4", reuseAddr: false });
    this.socket = socket;
    return new Promise((resolve, reject) => {
      socket.once("error", reject);
      socket.bind(this.opts.port, this.opts.host, () => {
        socket.off("error", reject);
        socket.on("error", (err) => this.opts.logger?.error({ err }, "SIP UDP socket error"));
        socket.on("message", (msg, rinfo) => {
          try {
            this.onDatagram(msg, rinfo);
          } catch (e) {
            this.opts.logger?.error({ err: e }, "error handling inbound SIP datagram");
          }
        });
        const a = socket.address();
        this.boundAddress = `${a.family === "IPv6" ? `[${a.address}]` : a.address}:${a.port}`;
        resolve();
      });
    });
  }

  /** Sends one datagram from the listening socket (the client transport's path out). */
  sendTo(data: Buffer, host: string, port: number, done: (err: Error | null) => void): void {
    if (!this.socket || !this.boundAddress) return done(Object.assign(new Error("UDP socket not open"), { code: "ENOTCONN" }));
    this.socket.send(data, port, host, (err) => done(err ?? null));
  }

  async close(): Promise<void> {
    const socket = this.socket;
    if (!socket || !this.boundAddress) return;
    this.boundAddress = undefined;
    await new Promise<void>((resolve) => socket.close(() => resolve()));
  }

  private reply(wire: string, source: RequestSource): void {
    this.sendTo(Buffer.from(wire, "utf8"), source.address, source.port, () => undefined);
  }

  private onDatagram(msg: Buffer, rinfo: dgram.RemoteInfo): void {
    let start = 0;
    while (start < msg.length && (msg[start] === 0x0d || msg[start] === 0x0a)) start++;
    if (start === msg.length) return; // keep-alive
    const data = msg.subarray(start);
    const headerEnd = data.indexOf("\r\n\r\n");
    if (headerEnd < 0) return; // not a SIP message (or truncated headers): nothing to answer
    const bodyStart = headerEnd + 4;
    let declared: number;
    try {
      declared = contentLengthOf(data.subarray(0, headerEnd).toString("latin1"), this.opts.maxBodyBytes ?? 64 * 1024);
    } catch (e) {
      if (e instanceof SipFramingError) return;
      throw e;
    }
    // §18.3: no Content-Length on UDP means "the rest of the datagram".
    const hasLength = /\r\n(?:content-length|l)[ \t]*:/i.test(data.subarray(0, headerEnd).toString("latin1"));
    const bodyBytes = data.length - bodyStart;
    const truncated = hasLength && declared > bodyBytes;
    const text = (hasLength && !truncated ? data.subarray(0, bodyStart + declared) : data).toString("utf8");
    const parsed = parseSipMessage(text);
    if (!parsed) return;
    const source: RequestSource = { address: rinfo.address.replace(/^::ffff:/i, ""), port: rinfo.port, transport: "UDP" };
    if (parsed.kind === "response") {
      if (!truncated) this.opts.onResponse?.(parsed); // §18.3: a truncated response is discarded
      return;
    }
    if (truncated) {
      const bad = sipResponse(parsed, source, 400, "Bad Request (Content-Length larger than the datagram)");
      if (bad) this.reply(bad, source);
      return;
    }
    this.handleRequest(parsed, source);
  }

  private handleRequest(parsed: Extract<ParsedSipMessage, { kind: "request" }>, source: RequestSource): void {
    const method = parsed.message.method;
    const branch = parsed.topVia?.branch;
    // ACK has no response and CANCEL is answered statelessly; everything else is cached by branch.
    const key = branch && method !== "ACK" ? `${branch}\u0000${method}\u0000${source.address}:${source.port}` : undefined;
    const now = Date.now();
    if (key) {
      const known = this.serverTransactions.get(key);
      if (known && known.expiresAt > now) {
        if (known.response) this.reply(known.response, source); // §17.2.2: retransmit the last response
        return;
      }
    }
    if (this.inFlight >= (this.opts.maxInFlight ?? 256)) return; // shed; the sender retransmits
    const finish = (outcome: { response: string | null; afterResponse?: () => void }) => {
      if (key) this.remember(key, outcome.response, now);
      if (outcome.response) this.reply(outcome.response, source);
      outcome.afterResponse?.();
    };
    const outcome = this.opts.onRequest(parsed, source);
    if (!(outcome instanceof Promise)) return finish(outcome);
    if (key) this.remember(key, null, now);
    this.inFlight++;
    outcome.then(finish)
      .catch((err) => {
        if (key) this.serverTransactions.delete(key);
        this.opts.logger?.error({ err }, "error handling inbound SIP request over UDP");
      })
      .finally(() => { this.inFlight--; });
  }

  private remember(key: string, response: string | null, now: number): void {
    this.serverTransactions.delete(key);
    this.serverTransactions.set(key, { response, expiresAt: now + (this.opts.serverTransactionMs ?? 32_000) });
    // Oldest first in a Map: evict expired ones, and the oldest beyond the cap.
    for (const [k, t] of this.serverTransactions) {
      if (this.serverTransactions.size <= MAX_CACHED_TRANSACTIONS && t.expiresAt > now) break;
      this.serverTransactions.delete(k);
    }
  }
}
