// Cuts a SIP byte stream (TCP/TLS) into messages. RFC 3261 §18.3: on a stream transport the
// message ends where Content-Length says, so every stream message must carry it; CRLFs before a
// start-line are ignored (§7.5). RFC 5626 §3.5.1: a double CRLF is a keep-alive "ping" that may
// be answered with a single CRLF "pong".
//
// A peer that sends headers without end or announces a huge body would make us buffer without
// bound; those are protocol errors and the caller closes the connection.

export interface FramingLimits {
  /** Largest start-line + headers, in bytes, including the blank line. */
  maxHeaderBytes: number;
  /** Largest body a peer may announce with Content-Length. */
  maxBodyBytes: number;
}

export const DEFAULT_FRAMING_LIMITS: FramingLimits = Object.freeze({ maxHeaderBytes: 16 * 1024, maxBodyBytes: 64 * 1024 });

/**
 * What a chunk completed, in stream order. An "error" item is always last: the messages before
 * it are complete and valid to handle, but the stream is lost and the connection must close.
 */
export type FramedItem =
  | { type: "message"; data: string }
  | { type: "ping" }
  | { type: "error"; reason: string };

export class SipFramingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SipFramingError";
  }
}

const CRLF = Buffer.from("\r\n");
const HEADER_END = Buffer.from("\r\n\r\n");
const CR = 0x0d;
const LF = 0x0a;

/** Content-Length (or its compact form "l", RFC 3261 §7.3.3) from a header block; 0 when absent. */
export function contentLengthOf(head: string, maxBodyBytes: number): number {
  let length: number | undefined;
  for (const line of head.split("\r\n").slice(1)) {
    const m = /^(?:content-length|l)[ \t]*:[ \t]*(.*?)[ \t]*$/i.exec(line);
    if (!m) continue;
    if (!/^\d{1,10}$/.test(m[1])) throw new SipFramingError(`invalid Content-Length ${JSON.stringify(m[1].slice(0, 20))}`);
    const n = Number(m[1]);
    if (length !== undefined && length !== n) throw new SipFramingError("conflicting Content-Length headers");
    length = n;
  }
  if (length !== undefined && length > maxBodyBytes) {
    throw new SipFramingError(`Content-Length ${length} exceeds the ${maxBodyBytes}-byte limit`);
  }
  return length ?? 0;
}

export class SipStreamFramer {
  private buffer: Buffer = Buffer.alloc(0);
  private failed = false;

  constructor(private readonly limits: FramingLimits = DEFAULT_FRAMING_LIMITS) {}

  /** Bytes received but not yet part of a complete message. */
  get pendingBytes(): number {
    return this.buffer.length;
  }

  /**
   * Adds bytes and returns every item they complete. A protocol violation ends the list with an
   * "error" item; the stream cannot be resynchronised after that, and later pushes only repeat
   * the error.
   */
  push(chunk: Buffer): FramedItem[] {
    if (this.failed) return [{ type: "error", reason: "stream already failed" }];
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    const items: FramedItem[] = [];
    try {
      for (;;) {
        if (!this.skipLeadingLineBreaks(items)) break;
        const headerEnd = this.buffer.indexOf(HEADER_END);
        if (headerEnd < 0) {
          if (this.buffer.length > this.limits.maxHeaderBytes) {
            throw new SipFramingError(`no end of headers within ${this.limits.maxHeaderBytes} bytes`);
          }
          break;
        }
        const bodyStart = headerEnd + HEADER_END.length;
        if (bodyStart > this.limits.maxHeaderBytes) {
          throw new SipFramingError(`headers exceed the ${this.limits.maxHeaderBytes}-byte limit`);
        }
        const head = this.buffer.subarray(0, headerEnd).toString("latin1");
        const total = bodyStart + contentLengthOf(head, this.limits.maxBodyBytes);
        if (this.buffer.length < total) break;
        items.push({ type: "message", data: this.buffer.subarray(0, total).toString("utf8") });
        this.buffer = this.buffer.subarray(total);
      }
    } catch (e) {
      if (!(e instanceof SipFramingError)) throw e;
      this.failed = true;
      this.buffer = Buffer.alloc(0);
      items.push({ type: "error", reason: e.message });
    }
    return items;
  }

  /** Consumes keep-alives before a start-line; false when more bytes are needed to decide. */
  private skipLeadingLineBreaks(items: FramedItem[]): boolean {
    for (;;) {
      const b = this.buffer;
      if (b.length === 0) return false;
      if (b.subarray(0, 4).equals(HEADER_END)) {
        items.push({ type: "ping" });
        this.buffer = b.subarray(4);
      } else if (b.subarray(0, 2).equals(CRLF)) {
        // Could still become a double-CRLF ping: wait for the next byte before deciding.
        if (b.length < 4 && b.subarray(2).every((x) => x === CR || x === LF)) return false;
        this.buffer = b.subarray(2); // a lone CRLF (RFC 5626 "pong" or stray line break)
      } else if (b[0] === LF) {
        this.buffer = b.subarray(1); // lenient about bare LF keep-alives
      } else if (b.length === 1 && b[0] === CR) {
        return false;
      } else {
        return true;
      }
    }
  }
}
