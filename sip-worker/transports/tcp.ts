// SIP client transport over TCP: the stream client (stream-client.ts) with plain sockets.
import net from "node:net";
import { SipStreamClient, type SipStreamClientOptions, type StreamConnector } from "./stream-client";

export { transportErrorFor } from "./stream-client";
export { retryAfterMs, transactionKey } from "./client-transactions";
export type SipTcpClientOptions = SipStreamClientOptions;

export const tcpConnector: StreamConnector = {
  transport: "TCP",
  connect: (host, port) => ({ socket: net.connect({ host, port }), readyEvent: "connect" }),
};

export class SipTcpClient extends SipStreamClient {
  constructor(opts: SipTcpClientOptions) {
    super(tcpConnector, opts);
  }
}
