// Client transaction bookkeeping shared by every SIP client transport (RFC 3261 §17.1): pending
// non-INVITE transactions keyed by top-Via branch + CSeq method (§17.1.3), each finished exactly
// once — by its final response, by its timeout (Timer F), or by the transport failing it.
import { performance } from "node:perf_hooks";
import type { ParsedSipMessage } from "../sip/parse-message";
import type { SipFinalResponse, SipSendFailure, SipSendResult } from "./sip-client";

export function transactionKey(branch: string, method: string): string {
  return `${branch}\u0000${method.toUpperCase()}`;
}

/** RFC 3261 §20.33: "Retry-After: 120 (comment);duration=3600" — delta-seconds come first. */
export function retryAfterMs(value: string | undefined): number | undefined {
  const m = value === undefined ? null : /^\s*(\d{1,9})/.exec(value);
  return m ? Number(m[1]) * 1000 : undefined;
}

type Outcome = Omit<SipFinalResponse, "latencyMs"> | Omit<SipSendFailure, "latencyMs">;

interface Pending<O> {
  owner: O;
  startedAt: number;
  timer: NodeJS.Timeout;
  resolve: (r: SipSendResult) => void;
  onProvisional?: () => void;
  onFinish?: () => void;
}

export interface StartTransaction<O> {
  branch: string;
  method: string;
  /** What carries the transaction (a connection); failing it fails every transaction it owns. */
  owner: O;
  timeoutMs: number;
  /** Called for each 1xx (UDP moves Timer E to T2, §17.1.2.2). */
  onProvisional?: () => void;
  /** Called once when the transaction ends, however it ends (stop retransmitting). */
  onFinish?: () => void;
}

export class ClientTransactions<O> {
  private readonly pending = new Map<string, Pending<O>>();

  get size(): number {
    return this.pending.size;
  }

  /** Registers a transaction; the promise settles with its outcome. A duplicate key fails at once. */
  start(t: StartTransaction<O>): Promise<SipSendResult> {
    const key = transactionKey(t.branch, t.method);
    if (this.pending.has(key)) return Promise.resolve({ error: "network", detail: "duplicate transaction id", latencyMs: 0 });
    return new Promise<SipSendResult>((resolve) => {
      const timer = setTimeout(() => {
        this.finish(key, { error: "timeout", detail: `no final response within ${t.timeoutMs} ms` });
      }, t.timeoutMs);
      this.pending.set(key, {
        owner: t.owner, startedAt: performance.now(), timer, resolve, onProvisional: t.onProvisional, onFinish: t.onFinish,
      });
    });
  }

  /** A response from anywhere; false when it matches no transaction (late, stray or forged). */
  acceptResponse(parsed: Extract<ParsedSipMessage, { kind: "response" }>): boolean {
    const key = transactionKey(parsed.branch, parsed.method);
    const t = this.pending.get(key);
    if (!t) return false;
    if (parsed.statusCode < 200) {
      t.onProvisional?.(); // §17.1.2.2: provisional; keep waiting for the final one.
      return true;
    }
    this.finish(key, {
      statusCode: parsed.statusCode,
      reasonPhrase: parsed.reasonPhrase,
      retryAfterMs: retryAfterMs(parsed.retryAfter),
    });
    return true;
  }

  hasOwner(owner: O): boolean {
    for (const t of this.pending.values()) if (t.owner === owner) return true;
    return false;
  }

  /** Fails every transaction carried by `owner` (its connection closed). */
  failOwner(owner: O, failure: Omit<SipSendFailure, "latencyMs">): void {
    for (const [key, t] of this.pending) if (t.owner === owner) this.finish(key, failure);
  }

  failAll(failure: Omit<SipSendFailure, "latencyMs">): void {
    for (const key of [...this.pending.keys()]) this.finish(key, failure);
  }

  finishByKey(branch: string, method: string, outcome: Outcome): void {
    this.finish(transactionKey(branch, method), outcome);
  }

  private finish(key: string, outcome: Outcome): void {
    const t = this.pending.get(key);
    if (!t) return;
    this.pending.delete(key);
    clearTimeout(t.timer);
    t.onFinish?.();
    t.resolve({ ...outcome, latencyMs: Math.round(performance.now() - t.startedAt) } as SipSendResult);
  }
}
