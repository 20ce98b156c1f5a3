// The worker's SIP transports, built and started together: one client per transport (TCP, TLS,
// UDP) for requests we send, and the listeners (TCP, UDP, and TLS when a certificate is
// configured) sharing one request handler. Responses are routed to the client of their
// transport whichever way they arrive (RFC 3261 §18.2.2). Our advertised address per transport
// (Via sent-by, Contact) uses each listener's real port.
import type { Logger } from "pino";
import type { SipTransport } from "../lib/domain/sip-target";
import type { RequestHandler } from "./sip/handle-request";
import { localSipAddress, type LocalSipAddress } from "./sip/local-address";
import type { SipClient } from "./transports/sip-client";
import { SipTcpClient } from "./transports/tcp";
import { SipTcpListener } from "./transports/tcp-listener";
import { readTlsCredentials, SipTlsClient } from "./transports/tls";
import { SipTlsListener } from "./transports/tls-listener";
import { SipUdpClient, type SipTimers } from "./transports/udp";
import { SipUdpListener } from "./transports/udp-listener";

export interface SipTransportsOptions {
  bindAddress: string;
  advertisedAddress?: string;
  tcpPort: number;
  udpPort: number;
  tlsPort: number;
  tls: { caFile?: string; certFile?: string; keyFile?: string };
  /** TCP/TLS transaction timeout. */
  transactionTimeoutMs: number;
  /** UDP retransmission timers (T1, T2, Timer F). */
  timers: SipTimers;
  maxConnections: number;
  onRequest: RequestHandler;
  logger: Logger;
}

export interface TransportHealth {
  ok: boolean;
  listening: string | null;
  note?: string;
}

function portOf(address: string | undefined, fallback: number): number {
  const m = address ? /:(\d+)$/.exec(address) : null;
  return m ? Number(m[1]) : fallback;
}

export class SipTransports {
  readonly tcpClient: SipTcpClient;
  readonly tlsClient: SipTlsClient;
  readonly udpClient: SipUdpClient;
  readonly tcpListener: SipTcpListener;
  readonly udpListener: SipUdpListener;
  readonly tlsListener: SipTlsListener | undefined;
  /** Why the TLS listener is not running, when it is not. */
  readonly tlsListenerNote: string | undefined;
  local: Record<SipTransport, LocalSipAddress>;

  constructor(private readonly opts: SipTransportsOptions) {
    const { logger, onRequest } = opts;
    // Read once at start: a missing or unreadable PEM file stops the worker with a clear error.
    const creds = readTlsCredentials(opts.tls);
    this.tcpClient = new SipTcpClient({
      transactionTimeoutMs: opts.transactionTimeoutMs, onRequest, logger: logger.child({ component: "sip-tcp-client" }),
    });
    this.tlsClient = new SipTlsClient(creds, {
      transactionTimeoutMs: opts.transactionTimeoutMs, onRequest, logger: logger.child({ component: "sip-tls-client" }),
    });
    this.udpListener = new SipUdpListener({
      host: opts.bindAddress, port: opts.udpPort, onRequest,
      onResponse: (r) => this.udpClient.acceptResponse(r),
      serverTransactionMs: 64 * opts.timers.t1Ms, // Timer J (§17.2.2)
      logger: logger.child({ component: "sip-udp" }),
    });
    this.udpClient = new SipUdpClient({
      send: (data, host, port, done) => this.udpListener.sendTo(data, host, port, done),
      timers: opts.timers,
      logger: logger.child({ component: "sip-udp-client" }),
    });
    this.tcpListener = new SipTcpListener({
      host: opts.bindAddress, port: opts.tcpPort, onRequest,
      // §18.2.2: a peer whose connection to us dropped sends its response on a new connection.
      onResponse: (r) => this.tcpClient.acceptResponse(r),
      maxConnections: opts.maxConnections,
      logger: logger.child({ component: "sip-tcp-listener" }),
    });
    if (creds.cert && creds.key) {
      this.tlsListener = new SipTlsListener({
        host: opts.bindAddress, port: opts.tlsPort, onRequest, cert: creds.cert, key: creds.key,
        onResponse: (r) => this.tlsClient.acceptResponse(r),
        maxConnections: opts.maxConnections,
        logger: logger.child({ component: "sip-tls-listener" }),
      });
    } else {
      this.tlsListenerNote = "not started: SIP_TLS_CERT_FILE and SIP_TLS_KEY_FILE are not both set";
    }
    this.local = this.localAddresses();
  }

  get clients(): Record<SipTransport, SipClient> {
    return { TCP: this.tcpClient, TLS: this.tlsClient, UDP: this.udpClient };
  }

  get listeners(): { TCP: SipTcpListener; TLS?: SipTlsListener } {
    return { TCP: this.tcpListener, TLS: this.tlsListener };
  }

  async start(): Promise<void> {
    await this.tcpListener.start();
    await this.udpListener.start();
    await this.tlsListener?.start();
    this.local = this.localAddresses(); // real ports when 0 (ephemeral) was configured
  }

  health(): Record<"tcp" | "udp" | "tls", TransportHealth> {
    return {
      tcp: { ok: this.tcpListener.listening, listening: this.tcpListener.address ?? null },
      udp: { ok: this.udpListener.listening, listening: this.udpListener.address ?? null },
      // Not configured is not unhealthy: TLS gateways are still reachable as a client.
      tls: this.tlsListener
        ? { ok: this.tlsListener.listening, listening: this.tlsListener.address ?? null }
        : { ok: true, listening: null, note: this.tlsListenerNote },
    };
  }

  async close(): Promise<void> {
    await Promise.allSettled([
      this.tcpListener.close(), this.udpListener.close(), this.tlsListener?.close(),
      this.tcpClient.close(), this.tlsClient.close(), this.udpClient.close(),
    ]);
  }

  private localAddresses(): Record<SipTransport, LocalSipAddress> {
    const { advertisedAddress: advertised, bindAddress: bind } = this.opts;
    return {
      TCP: localSipAddress({ advertised, bind, port: portOf(this.tcpListener.address, this.opts.tcpPort) }),
      UDP: localSipAddress({ advertised, bind, port: portOf(this.udpListener.address, this.opts.udpPort) }),
      TLS: localSipAddress({ advertised, bind, port: portOf(this.tlsListener?.address, this.opts.tlsPort) }),
    };
  }
}
