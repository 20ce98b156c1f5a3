import { describe, expect, it } from "vitest";
import { contentLengthOf, SipStreamFramer, type FramedItem } from "./sip-stream-framer";

const body = "Messages-Waiting: yes\r\nVoice-Message: 1/0\r\n";
const notify = (cl = Buffer.byteLength(body), b = body) =>
  `NOTIFY sip:4001@pbx SIP/2.0\r\nVia: SIP/2.0/TCP h;branch=z9hG4bK1\r\nCSeq: 1 NOTIFY\r\nContent-Length: ${cl}\r\n\r\n${b}`;
const ok = "SIP/2.0 200 OK\r\nVia: SIP/2.0/TCP h;branch=z9hG4bK1\r\nCSeq: 1 NOTIFY\r\nContent-Length: 0\r\n\r\n";

function messages(items: FramedItem[]): string[] {
  return items.flatMap((i) => (i.type === "message" ? [i.data] : []));
}

function feed(framer: SipStreamFramer, chunks: (string | Buffer)[]): FramedItem[] {
  return chunks.flatMap((c) => framer.push(typeof c === "string" ? Buffer.from(c) : c));
}

describe("SipStreamFramer", () => {
  it("frames a message delivered one byte at a time", () => {
    const framer = new SipStreamFramer();
    const bytes = Buffer.from(notify());
    const items = feed(framer, [...bytes].map((b) => Buffer.from([b])));
    expect(messages(items)).toEqual([notify()]);
    expect(framer.pendingBytes).toBe(0);
  });

  it("splits several messages arriving in one chunk, and a message split across chunks", () => {
    const framer = new SipStreamFramer();
    const stream = ok + notify() + ok;
    const cut = ok.length + 30;
    expect(messages(feed(framer, [stream.slice(0, cut)]))).toEqual([ok]);
    expect(messages(feed(framer, [stream.slice(cut)]))).toEqual([notify(), ok]);
  });

  it("waits for the whole body, cut inside the body or inside the blank line", () => {
    const framer = new SipStreamFramer();
    const m = notify();
    const headEnd = m.indexOf("\r\n\r\n");
    expect(feed(framer, [m.slice(0, headEnd + 2)])).toEqual([]);
    expect(feed(framer, [m.slice(headEnd + 2, headEnd + 10)])).toEqual([]);
    expect(messages(feed(framer, [m.slice(headEnd + 10)]))).toEqual([m]);
  });

  it("counts Content-Length in bytes, not characters", () => {
    const utf8Body = "Grüße ☎\r\n";
    const m = notify(Buffer.byteLength(utf8Body), utf8Body) + ok;
    const framer = new SipStreamFramer();
    const bytes = Buffer.from(m);
    // cut in the middle of a multi-byte character
    const cut = bytes.indexOf(Buffer.from("☎")) + 1;
    const items = feed(framer, [bytes.subarray(0, cut), bytes.subarray(cut)]);
    expect(messages(items)).toEqual([notify(Buffer.byteLength(utf8Body), utf8Body), ok]);
  });

  it("skips keep-alive CRLFs and reports a double-CRLF ping", () => {
    const framer = new SipStreamFramer();
    const items = feed(framer, ["\r\n\r\n", ok, "\r\n", "\r", "\n", "\r\n", ok, "\r\n"]);
    expect(items.map((i) => i.type)).toEqual(["ping", "message", "ping", "message"]);
    // a lone trailing CRLF stays buffered until it is clear it is not a ping
    expect(messages(feed(framer, [ok]))).toEqual([ok]);
  });

  it("takes a message without Content-Length as having no body, and understands the compact form", () => {
    const framer = new SipStreamFramer();
    const noLength = "OPTIONS sip:um@h SIP/2.0\r\nCSeq: 1 OPTIONS\r\n\r\n";
    const compact = "MESSAGE sip:um@h SIP/2.0\r\nl: 2\r\n\r\nhi";
    expect(messages(feed(framer, [noLength + compact]))).toEqual([noLength, compact]);
  });

  it("gives up on an absurd Content-Length but keeps the messages before it", () => {
    const framer = new SipStreamFramer();
    const items = feed(framer, [ok + "NOTIFY sip:x SIP/2.0\r\nContent-Length: 99999999\r\n\r\n"]);
    expect(items[0]).toEqual({ type: "message", data: ok });
    expect(items[1]).toMatchObject({ type: "error" });
    expect(items[1].type === "error" && items[1].reason).toMatch(/exceeds/);
    expect(framer.push(Buffer.from(ok))).toEqual([{ type: "error", reason: "stream already failed" }]);
  });

  it("gives up on headers that never end", () => {
    const framer = new SipStreamFramer({ maxHeaderBytes: 1024, maxBodyBytes: 1024 });
    const items = feed(framer, ["NOTIFY sip:x SIP/2.0\r\n", "X-Filler: " + "a".repeat(2000)]);
    expect(items).toEqual([{ type: "error", reason: "no end of headers within 1024 bytes" }]);
  });

  it("gives up on invalid or conflicting Content-Length values", () => {
    expect(new SipStreamFramer().push(Buffer.from("A sip:x SIP/2.0\r\nContent-Length: -1\r\n\r\n"))[0].type).toBe("error");
    expect(new SipStreamFramer().push(Buffer.from("A sip:x SIP/2.0\r\nContent-Length: 1\r\nl: 2\r\n\r\nab"))[0].type).toBe("error");
  });

  it("reads Content-Length only from header lines, not from the start line", () => {
    expect(contentLengthOf("l: 5 sip:x SIP/2.0\r\nVia: x", 100)).toBe(0);
    expect(contentLengthOf("NOTIFY sip:x SIP/2.0\r\ncontent-length :  7 ", 100)).toBe(7);
  });
});
