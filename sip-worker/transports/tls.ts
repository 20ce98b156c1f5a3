// SIP client transport over TLS (RFC 3261 §26.2.1, RFC 5922): the stream client with TLS sockets.
// The gateway's configured address (its FQDN) is the TLS server name (SNI) and the name its
// certificate must carry; verification is against SIP_TLS_CA_FILE, or Node's default CAs without
// it. A certificate that does not verify fails the attempt (never "accept anyway"): a lamp is not
// worth talking to an impostor PBX.
import fs from "node:fs";
import net from "node:net";
import tls from "node:tls";
import { SipStreamClient, type SipStreamClientOptions, type StreamConnector } from "./stream-client";

export interface TlsCredentials {
  /** PEM CA bundle that signs the gateways' certificates; undefined = Node's default CAs. */
  ca?: string | Buffer;
  /** Optional client certificate and key (mutual TLS), PEM. */
  cert?: string | Buffer;
  key?: string | Buffer;
}

/** Reads the PEM files named by SIP_TLS_CA_FILE / SIP_TLS_CERT_FILE / SIP_TLS_KEY_FILE. */
export function readTlsCredentials(files: { caFile?: string; certFile?: string; keyFile?: string }): TlsCredentials {
  const read = (f?: string) => (f ? fs.readFileSync(f) : undefined);
  const creds: TlsCredentials = { ca: read(files.caFile) };
  if (files.certFile && files.keyFile) {
    creds.cert = read(files.certFile);
    creds.key = read(files.keyFile);
  }
  return creds;
}

export function tlsConnector(creds: TlsCredentials): StreamConnector {
  return {
    transport: "TLS",
    connect: (host, port) => {
      const socket = tls.connect({
        host,
        port,
        // SNI must be a DNS name (RFC 6066 §3): an IP-address gateway is verified by its IP SAN.
        servername: net.isIP(host) ? undefined : host,
        ca: creds.ca,
        cert: creds.cert,
        key: creds.key,
        rejectUnauthorized: true,
        minVersion: "TLSv1.2",
      });
      return { socket, readyEvent: "secureConnect" };
    },
  };
}

export class SipTlsClient extends SipStreamClient {
  constructor(creds: TlsCredentials, opts: SipStreamClientOptions) {
    super(tlsConnector(creds), opts);
  }
}
