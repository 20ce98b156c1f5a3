// The worker's SIP server side over a stream (RFC 3261 §18.2): TCP, or TLS with the server
// factory tls-listener.ts gives it. Peers connect to answer our requests on a fresh connection
// (§18.2.2), to ping us with OPTIONS and to SUBSCRIBE. Every inbound byte is untrusted: framing
// errors (no end of headers within the header cap, a Content-Length over the body cap, garbage
// Content-Length) close that connection, unparseable messages are dropped, the number of
// connections and of requests being handled per connection is capped, and nothing a peer sends
// may throw out of here.
import net from "node:net";
import type { Logger } from "pino";
import type { SipTransport } from "../../lib/domain/sip-target";
import { parseSipMessage, type ParsedSipMessage } from "../sip/parse-message";
import { sipResponse, type RequestHandler, type RequestSource } from "../sip/handle-request";
import { DEFAULT_FRAMING_LIMITS, SipStreamFramer, type FramingLimits } from "./sip-stream-framer";

export interface SipStreamListenerOptions {
  host: string;
  port: number;
  onRequest: RequestHandler;
  /** Responses arriving here belong to our client transactions (sent back on a new connection). */
  onResponse?: (response: Extract<ParsedSipMessage, { kind: "response" }>) => void;
  framingLimits?: FramingLimits;
  /** Inbound connections silent for this long are closed. */
  idleTimeoutMs?: number;
  /** Connections accepted at once; further ones are closed by Node as they arrive. */
  maxConnections?: number;
  /** Requests of one connection still being handled (SUBSCRIBE reads the database) before 503. */
  maxInFlightPerConnection?: number;
  logger?: Logger;
}

export interface StreamServerFactory {
  transport: Extract<SipTransport, "TCP" | "TLS">;
  /** The server, calling `onSocket` for each connection once it is usable (TLS: after the handshake). */
  create(onSocket: (socket: net.Socket) => void): net.Server;
}

const plainServer: StreamServerFactory = {
  transport: "TCP",
  create: (onSocket) => net.createServer({ noDelay: true }, onSocket),
};

export class SipStreamListener {
  private server: net.Server | undefined;
  private readonly sockets = new Map<string, net.Socket>();

  constructor(private readonly opts: SipStreamListenerOptions, private readonly factory: StreamServerFactory = plainServer) {}

  get listening(): boolean {
    return this.server?.listening ?? false;
  }

  get connectionCount(): number {
    return this.sockets.size;
  }

  /** "127.0.0.1:5060" once listening. */
  get address(): string | undefined {
    const a = this.server?.address();
    return a && typeof a === "object" ? `${a.family === "IPv6" ? `[${a.address}]` : a.address}:${a.port}` : undefined;
  }

  /** The open inbound connection from `host:port`, if any (for in-dialog requests back to it). */
  socketFor(host: string, port: number): net.Socket | undefined {
    const s = this.sockets.get(`${host}:${port}`);
    return s && !s.destroyed && s.writable ? s : undefined;
  }

  start(): Promise<void> {
    const server = this.factory.create((socket) => this.onConnection(socket));
    server.maxConnections = this.opts.maxConnections ?? 1000;
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once("error", reject);
      server.listen(this.opts.port, this.opts.host, () => {
        server.off("error", reject);
        server.on("error", (err) => this.opts.logger?.error({ err }, `SIP ${this.factory.transport} listener error`));
        resolve();
      });
    });
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    for (const s of this.sockets.values()) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private onConnection(socket: net.Socket): void {
    const framer = new SipStreamFramer(this.opts.framingLimits ?? DEFAULT_FRAMING_LIMITS);
    const source: RequestSource = {
      address: (socket.remoteAddress ?? "").replace(/^::ffff:/i, ""),
      port: socket.remotePort ?? 0,
      transport: this.factory.transport,
    };
    const key = `${source.address}:${source.port}`;
    this.sockets.set(key, socket);
    const log = this.opts.logger?.child({ peer: key, transport: this.factory.transport });
    const maxInFlight = this.opts.maxInFlightPerConnection ?? 64;
    let inFlight = 0;
    socket.setNoDelay(true);
    socket.setTimeout(this.opts.idleTimeoutMs ?? 10 * 60_000);
    socket.on("timeout", () => socket.end());
    socket.on("error", (err) => log?.debug({ err: err.message }, "inbound SIP connection error"));
    socket.on("close", () => {
      if (this.sockets.get(key) === socket) this.sockets.delete(key);
    });
    const write = (wire: string) => { if (!socket.destroyed && socket.writable) socket.write(wire); };
    socket.on("data", (chunk: Buffer) => {
      for (const item of framer.push(chunk)) {
        if (item.type === "error") {
          log?.warn({ err: item.reason }, "SIP framing error; closing inbound connection");
          // Responses to the messages before the error are already queued: flush them, then close.
          socket.destroySoon();
          return;
        }
        if (item.type === "ping") {
          write("\r\n"); // RFC 5626 §3.5.1 pong
          continue;
        }
        try {
          const parsed = parseSipMessage(item.data);
          if (!parsed) {
            log?.debug({ bytes: item.data.length }, "unparseable SIP message dropped");
            continue;
          }
          if (parsed.kind === "response") {
            this.opts.onResponse?.(parsed);
            continue;
          }
          if (inFlight >= maxInFlight) {
            // A peer pipelining faster than we answer: shed load instead of queueing unbounded work.
            const busy = sipResponse(parsed, source, 503, "Service Unavailable", ["Retry-After: 5"]);
            if (busy) write(busy);
            continue;
          }
          const outcome = this.opts.onRequest(parsed, source);
          if (!(outcome instanceof Promise)) {
            log?.debug({ method: parsed.message.method, status: outcome.statusCode, note: outcome.note }, "inbound SIP request");
            if (outcome.response) write(outcome.response);
            outcome.afterResponse?.();
            continue;
          }
          inFlight++;
          outcome.then((o) => {
            log?.debug({ method: parsed.message.method, status: o.statusCode, note: o.note }, "inbound SIP request");
            if (o.response) write(o.response);
            o.afterResponse?.();
          }).catch((e) => log?.error({ err: e }, "error handling inbound SIP request"))
            .finally(() => { inFlight--; });
        } catch (e) {
          // A bug in a handler must cost one message, not the process.
          log?.error({ err: e }, "error handling inbound SIP message");
        }
      }
    });
  }
}
