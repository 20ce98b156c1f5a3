// The worker's SIP server side over TCP (RFC 3261 §18.2). Peers connect to answer our requests
// on a fresh connection (§18.2.2), to ping us with OPTIONS, and later to SUBSCRIBE. Every inbound
// byte is untrusted: framing errors close that connection, unparseable messages are dropped, and
// nothing a peer sends may throw out of here.
import net from "node:net";
import type { Logger } from "pino";
import { parseSipMessage, type ParsedSipMessage } from "../sip/parse-message";
import type { RequestOutcome, RequestSource } from "../sip/handle-request";
import { DEFAULT_FRAMING_LIMITS, SipStreamFramer, type FramingLimits } from "./sip-stream-framer";

export interface SipTcpListenerOptions {
  host: string;
  port: number;
  onRequest: (request: Extract<ParsedSipMessage, { kind: "request" }>, source: RequestSource) => RequestOutcome;
  /** Responses arriving here belong to our client transactions (sent back on a new connection). */
  onResponse?: (response: Extract<ParsedSipMessage, { kind: "response" }>) => void;
  framingLimits?: FramingLimits;
  /** Inbound connections silent for this long are closed. */
  idleTimeoutMs?: number;
  maxConnections?: number;
  logger?: Logger;
}

export class SipTcpListener {
  private server: net.Server | undefined;
  private readonly sockets = new Set<net.Socket>();

  constructor(private readonly opts: SipTcpListenerOptions) {}

  get listening(): boolean {
    return this.server?.listening ?? false;
  }

  /** "127.0.0.1:5060" once listening. */
  get address(): string | undefined {
    const a = this.server?.address();
    return a && typeof a === "object" ? `${a.family === "IPv6" ? `[${a.address}]` : a.address}:${a.port}` : undefined;
  }

  start(): Promise<void> {
    const server = net.createServer({ noDelay: true }, (socket) => this.onConnection(socket));
    server.maxConnections = this.opts.maxConnections ?? 4096;
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once("error", reject);
      server.listen(this.opts.port, this.opts.host, () => {
        server.off("error", reject);
        server.on("error", (err) => this.opts.logger?.error({ err }, "SIP TCP listener error"));
        resolve();
      });
    });
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private onConnection(socket: net.Socket): void {
    this.sockets.add(socket);
    const framer = new SipStreamFramer(this.opts.framingLimits ?? DEFAULT_FRAMING_LIMITS);
    const source: RequestSource = {
      address: (socket.remoteAddress ?? "").replace(/^::ffff:/i, ""),
      port: socket.remotePort ?? 0,
    };
    const log = this.opts.logger?.child({ peer: `${source.address}:${source.port}` });
    socket.setTimeout(this.opts.idleTimeoutMs ?? 10 * 60_000);
    socket.on("timeout", () => socket.end());
    socket.on("error", (err) => log?.debug({ err: err.message }, "inbound SIP connection error"));
    socket.on("close", () => this.sockets.delete(socket));
    socket.on("data", (chunk: Buffer) => {
      for (const item of framer.push(chunk)) {
        if (item.type === "error") {
          log?.warn({ err: item.reason }, "SIP framing error; closing inbound connection");
          // Responses to the messages before the error are already queued: flush them, then close.
          socket.destroySoon();
          return;
        }
        if (item.type === "ping") {
          socket.write("\r\n"); // RFC 5626 §3.5.1 pong
          continue;
        }
        try {
          this.onMessage(item.data, socket, source, log);
        } catch (e) {
          // A bug in a handler must cost one message, not the process.
          log?.error({ err: e }, "error handling inbound SIP message");
        }
      }
    });
  }

  private onMessage(data: string, socket: net.Socket, source: RequestSource, log: Logger | undefined): void {
    const parsed = parseSipMessage(data);
    if (!parsed) {
      log?.debug({ bytes: data.length }, "unparseable SIP message dropped");
      return;
    }
    if (parsed.kind === "response") {
      this.opts.onResponse?.(parsed);
      return;
    }
    const outcome = this.opts.onRequest(parsed, source);
    log?.debug({ method: parsed.message.method, status: outcome.statusCode, note: outcome.note }, "inbound SIP request");
    if (outcome.response && !socket.destroyed) socket.write(outcome.response);
  }
}
