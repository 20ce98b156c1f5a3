// SIP client transactions over UDP (RFC 3261 §17.1.2, non-INVITE). UDP loses datagrams, so the
// client retransmits: Timer E starts at T1 and doubles up to T2; once a provisional response
// shows the server is working on it (Proceeding state) retransmissions continue every T2; Timer F
// (64*T1 by default) ends the transaction as a timeout. Responses are matched by top-Via branch
// + CSeq method (§17.1.3) whichever socket path they arrive by. All datagrams go out through the
// one socket of the UDP listener (injected as `send`), so responses come back to the port our Via
// names (§18.2.2: a UDP server answers to the sent-by port).
import type { Logger } from "pino";
import type { ParsedSipMessage } from "../sip/parse-message";
import { ClientTransactions } from "./client-transactions";
import type { SipClient, SipRequestToSend, SipSendResult } from "./sip-client";
import { transportErrorFor } from "./stream-client";

export interface SipTimers {
  /** RTT estimate, 500 ms by default (§17.1.1.1). */
  t1Ms: number;
  /** Cap of the non-INVITE retransmit interval, 4 s by default. */
  t2Ms: number;
  /** Non-INVITE transaction timeout, 64*T1 = 32 s by default. */
  timerFMs: number;
}

export const RFC3261_TIMERS: SipTimers = Object.freeze({ t1Ms: 500, t2Ms: 4000, timerFMs: 32_000 });

/**
 * §18.1.1: a request within 200 bytes of the path MTU (1300 bytes when it is unknown) MUST go
 * over a congestion-controlled transport. A gateway configured for UDP has no other transport
 * here, so such a request is still sent (IP fragments it) and the fact is logged once per peer.
 */
export const UDP_MTU_LIMIT_BYTES = 1300;

export type DatagramSender = (data: Buffer, host: string, port: number, done: (err: Error | null) => void) => void;

export interface SipUdpClientOptions {
  send: DatagramSender;
  timers?: SipTimers;
  logger?: Logger;
}

export class SipUdpClient implements SipClient {
  private readonly transactions = new ClientTransactions<string>();
  private readonly timers: SipTimers;
  private readonly oversizeLogged = new Set<string>();
  /** Datagrams retransmitted so far (health and tests). */
  retransmissions = 0;

  constructor(private readonly opts: SipUdpClientOptions) {
    this.timers = opts.timers ?? RFC3261_TIMERS;
  }

  get pendingCount(): number {
    return this.transactions.size;
  }

  send(request: SipRequestToSend): Promise<SipSendResult> {
    const data = Buffer.from(request.wire, "utf8");
    const peer = `${request.host}:${request.port}`;
    if (data.length > UDP_MTU_LIMIT_BYTES && !this.oversizeLogged.has(peer)) {
      this.oversizeLogged.add(peer);
      this.opts.logger?.warn({ peer, bytes: data.length, limit: UDP_MTU_LIMIT_BYTES },
        "SIP request over the RFC 3261 §18.1.1 UDP size limit sent over UDP anyway (gateway is configured for UDP)");
    }
    const { t1Ms, t2Ms, timerFMs } = this.timers;
    let interval = t1Ms;
    let proceeding = false;
    let timerE: NodeJS.Timeout | undefined;
    const { branch, method } = request;
    const transmit = () => {
      this.opts.send(data, request.host, request.port, (err) => {
        if (err) {
          this.transactions.finishByKey(branch, method,
            { error: transportErrorFor(err as NodeJS.ErrnoException), detail: (err as NodeJS.ErrnoException).code ?? err.message });
        }
      });
    };
    const armTimerE = () => {
      timerE = setTimeout(() => {
        this.retransmissions++;
        transmit();
        // §17.1.2.2: Trying: E = min(2E, T2); Proceeding: E = T2.
        interval = proceeding ? t2Ms : Math.min(2 * interval, t2Ms);
        armTimerE();
      }, interval);
    };
    const result = this.transactions.start({
      branch, method, owner: peer, timeoutMs: timerFMs,
      onProvisional: () => {
        if (proceeding) return;
        proceeding = true;
        interval = t2Ms;
        clearTimeout(timerE);
        armTimerE();
      },
      onFinish: () => clearTimeout(timerE),
    });
    transmit();
    armTimerE();
    return result;
  }

  acceptResponse(parsed: Extract<ParsedSipMessage, { kind: "response" }>): void {
    if (!this.transactions.acceptResponse(parsed)) {
      this.opts.logger?.debug({ status: parsed.statusCode, branch: parsed.branch }, "UDP response matches no transaction (late or stray)");
    }
  }

  async close(): Promise<void> {
    this.transactions.failAll({ error: "closed", detail: "worker shutting down" });
  }
}
