// The SIP listener over plain TCP (RFC 3261 §18.2): the stream listener with net sockets.
import { SipStreamListener, type SipStreamListenerOptions } from "./stream-listener";

export type SipTcpListenerOptions = SipStreamListenerOptions;

export class SipTcpListener extends SipStreamListener {
  constructor(opts: SipTcpListenerOptions) {
    super(opts);
  }
}
