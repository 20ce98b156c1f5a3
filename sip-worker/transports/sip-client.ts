// What the delivery code needs from a transport: send one non-INVITE request and get its final
// outcome. A transport never throws for network trouble; every failure is a result, because the
// caller's job is to record it and move on to the next gateway.

export interface SipRequestToSend {
  host: string;
  port: number;
  /** Complete wire text of the request. */
  wire: string;
  /** Client transaction key (RFC 3261 §17.1.3): top Via branch + CSeq method. */
  branch: string;
  method: string;
}

export interface SipFinalResponse {
  statusCode: number;
  reasonPhrase: string;
  /** RFC 3261 §20.33 Retry-After, in milliseconds, when the peer sent one. */
  retryAfterMs?: number;
  latencyMs: number;
}

export type SipTransportError =
  | "timeout" // no final response within the transaction timeout (RFC 3261 §17.1.2.2 Timer F)
  | "refused" // connection refused: nothing listens there
  | "reset" // the peer reset the connection
  | "closed" // the connection closed before a final response
  | "unreachable" // no route / host unreachable / DNS failure
  | "protocol" // the peer sent bytes that are not SIP framing; connection dropped
  | "tls" // TLS handshake or certificate verification failed
  | "network"; // any other socket error

export interface SipSendFailure {
  error: SipTransportError;
  detail?: string;
  latencyMs: number;
}

export type SipSendResult = SipFinalResponse | SipSendFailure;

export function isFinalResponse(r: SipSendResult): r is SipFinalResponse {
  return "statusCode" in r;
}

export interface SipClient {
  send(request: SipRequestToSend): Promise<SipSendResult>;
  close(): Promise<void>;
}
