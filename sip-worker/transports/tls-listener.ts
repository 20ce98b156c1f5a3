// The SIP listener over TLS (RFC 3261 §26.2, port 5061): the stream listener with a TLS server.
// Peers are not asked for a client certificate: SUBSCRIBE and OPTIONS carry nothing secret and
// the mailbox lookup is the same as over TCP. A handshake that does not finish in time is dropped
// so half-open TLS connections cannot pile up against the connection cap.
import tls from "node:tls";
import { SipStreamListener, type SipStreamListenerOptions } from "./stream-listener";

export interface SipTlsListenerOptions extends SipStreamListenerOptions {
  cert: string | Buffer;
  key: string | Buffer;
  handshakeTimeoutMs?: number;
}

export class SipTlsListener extends SipStreamListener {
  constructor(opts: SipTlsListenerOptions) {
    super(opts, {
      transport: "TLS",
      create: (onSocket) => {
        const server = tls.createServer({
          cert: opts.cert, key: opts.key, minVersion: "TLSv1.2", handshakeTimeout: opts.handshakeTimeoutMs ?? 10_000,
        }, onSocket);
        server.on("tlsClientError", (err) => opts.logger?.debug({ err: err.message }, "TLS handshake with a SIP peer failed"));
        return server;
      },
    });
  }
}
