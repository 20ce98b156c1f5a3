// Real peer processes for tests (sipp as a PBX) and small waiting helpers. No Prisma here, so
// both the vitest integration suite and the Playwright suite can use it.
import { spawn, type ChildProcess } from "node:child_process";
import dgram from "node:dgram";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const PROJECT_ROOT = fileURLToPath(new URL("../..", import.meta.url));

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

export async function waitFor<T>(what: string, probe: () => Promise<T | undefined | null | false> | T | undefined | null | false,
  timeoutMs = 5_000, intervalMs = 10): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ host: "127.0.0.1", port }, () => { s.destroy(); resolve(true); });
    s.on("error", () => resolve(false));
  });
}

export interface ChildHandle {
  child: ChildProcess;
  output: () => string;
  stop: () => Promise<number | null>;
}

export function track(child: ChildProcess): ChildHandle {
  let out = "";
  child.stdout?.on("data", (d) => { out += d; });
  child.stderr?.on("data", (d) => { out += d; });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return {
    child,
    output: () => out,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

export interface SippUas extends ChildHandle {
  port: number;
  traceFile: string;
  /** Every NOTIFY sipp received so far, with the epoch time sipp logged it. */
  notifies: () => SippMessage[];
}

export interface SippMessage {
  receivedAt: number;
  text: string;
}

/**
 * sipp's -trace_msg file: for each message a dashed line with sipp's local wall-clock time,
 * "TCP message received [n] bytes :", a blank line and the n bytes exactly as received.
 */
export function parseSippTrace(trace: Buffer): SippMessage[] {
  const text = trace.toString("latin1"); // one char per byte, so [n] can be used as a length
  const header = /-{20,} (\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)\.(\d{3})\d* *\n\w+ message received \[(\d+)\] bytes :\n\n/g;
  const out: SippMessage[] = [];
  for (let m = header.exec(text); m; m = header.exec(text)) {
    const [y, mo, d, h, mi, sec, ms, n] = m.slice(1).map(Number);
    const start = m.index + m[0].length;
    out.push({
      receivedAt: new Date(y, mo - 1, d, h, mi, sec, ms).getTime(),
      text: Buffer.from(text.slice(start, start + n), "latin1").toString("utf8"),
    });
  }
  return out;
}

export interface SippOptions {
  /**
   * sipp transport: t1 = TCP (one connection), u1 = UDP (one socket), tn = TCP with many
   * connections — a PBX that several workers connect to, one of which may die: in t1 mode sipp
   * ends the whole test when a peer resets its connection.
   */
  transport?: "t1" | "tn" | "u1";
}

function sippTrace(traceFile: string): SippMessage[] {
  const trace = fs.existsSync(traceFile) ? fs.readFileSync(traceFile) : Buffer.alloc(0);
  return parseSippTrace(trace);
}

export async function startSippUas(scenario: string, port: number, dir: string, opts: SippOptions = {}): Promise<SippUas> {
  const transport = opts.transport ?? "t1";
  const traceFile = path.join(dir, `sipp-${port}-messages.log`);
  const child = spawn("/usr/bin/sipp", [
    "-sf", path.join(PROJECT_ROOT, "tests/sipp", scenario),
    "-t", transport, "-i", "127.0.0.1", "-p", String(port),
    "-trace_msg", "-message_file", traceFile,
    "-m", "100000", "-deadcall_wait", "0", "-nostdin",
    ...(transport === "tn" ? ["-max_socket", "1000"] : []),
  ], { stdio: ["ignore", "pipe", "pipe"] });
  const handle = track(child);
  if (transport !== "u1") {
    await waitFor(`sipp listening on ${port}`, async () => {
      if (child.exitCode !== null) throw new Error(`sipp exited: ${handle.output().slice(-2000)}`);
      return canConnect(port);
    }, 10_000, 50);
  } else {
    // A UDP socket cannot be probed without talking SIP to it; sipp binds within a few ms.
    await new Promise((r) => setTimeout(r, 300));
    if (child.exitCode !== null) throw new Error(`sipp exited: ${handle.output().slice(-2000)}`);
  }
  return {
    ...handle, port, traceFile,
    notifies: () => sippTrace(traceFile).filter((m) => m.text.startsWith("NOTIFY ")),
  };
}

export interface SippUac extends ChildHandle {
  port: number;
  traceFile: string;
  /** Every message sipp received so far. */
  received: () => SippMessage[];
  /** Resolves with sipp's exit code when its calls are done (0: every call succeeded). */
  exited: Promise<number | null>;
}

/**
 * sipp as a UAC (e.g. a phone that SUBSCRIBEs) running `scenario` once against `remotePort`,
 * with `service` as the Request-URI user ([service]).
 */
export function startSippUac(
  scenario: string, o: { remotePort: number; port: number; service: string; dir: string } & SippOptions,
): SippUac {
  const traceFile = path.join(o.dir, `sipp-uac-${o.port}-messages.log`);
  const child = spawn("/usr/bin/sipp", [
    `127.0.0.1:${o.remotePort}`, "-sf", path.join(PROJECT_ROOT, "tests/sipp", scenario),
    "-s", o.service, "-t", o.transport ?? "t1", "-i", "127.0.0.1", "-p", String(o.port),
    "-trace_msg", "-message_file", traceFile, "-m", "1", "-deadcall_wait", "0", "-nostdin",
  ], { stdio: ["ignore", "pipe", "pipe"] });
  const handle = track(child);
  const exited = new Promise<number | null>((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.once("exit", (code) => resolve(code));
  });
  return { ...handle, port: o.port, traceFile, exited, received: () => sippTrace(traceFile) };
}

/**
 * A TLS front for a TCP peer (sipp has no TLS): `socat openssl-listen` on `listenPort`, relaying
 * each TLS connection to 127.0.0.1:`targetPort` in plain TCP. It presents `cert`/`key` and does
 * not ask the client for a certificate.
 */
export function startTlsFront(o: { listenPort: number; targetPort: number; cert: string; key: string }): Promise<ChildHandle> {
  return startSocatFront(o.listenPort, `openssl-listen:${o.listenPort},bind=127.0.0.1,reuseaddr,fork,cert=${o.cert},key=${o.key},verify=0`, o.targetPort);
}

/**
 * A plain TCP front (socat, one relay per connection) for a sipp PBX that several workers use
 * while one of them is killed: sipp ends its whole test when a peer resets a connection, and a
 * SIGKILLed worker's connection is reset; through the front sipp sees an orderly close instead.
 */
export function startTcpFront(o: { listenPort: number; targetPort: number }): Promise<ChildHandle> {
  return startSocatFront(o.listenPort, `tcp-listen:${o.listenPort},bind=127.0.0.1,reuseaddr,fork`, o.targetPort);
}

async function startSocatFront(listenPort: number, listen: string, targetPort: number): Promise<ChildHandle> {
  // -d -d: socat logs each accepted connection ("accepting connection from …"), so tests can count them.
  const child = spawn("socat", ["-d", "-d", listen, `tcp:127.0.0.1:${targetPort}`], { stdio: ["ignore", "pipe", "pipe"] });
  const handle = track(child);
  await waitFor(`socat listening on ${listenPort}`, async () => {
    if (child.exitCode !== null) throw new Error(`socat exited: ${handle.output().slice(-2000)}`);
    return canConnect(listenPort);
  }, 10_000, 50);
  return handle;
}

/**
 * Sends one SIP message over TCP or UDP from the test itself and resolves with the first
 * response (or null after `timeoutMs`): for requests sipp cannot phrase, and probes.
 */
export function sipExchange(o: { transport: "tcp" | "udp"; port: number; message: string; timeoutMs?: number }): Promise<string | null> {
  return new Promise((resolve) => {
    const finish = (v: string | null) => { clearTimeout(timer); cleanup(); resolve(v); };
    const timer = setTimeout(() => finish(null), o.timeoutMs ?? 2_000);
    let cleanup = () => undefined as void;
    if (o.transport === "udp") {
      const sock = dgram.createSocket("udp4");
      cleanup = () => sock.close();
      sock.on("message", (m) => finish(m.toString("utf8")));
      sock.on("error", () => finish(null));
      sock.send(o.message, o.port, "127.0.0.1");
    } else {
      let data = "";
      const sock = net.connect({ host: "127.0.0.1", port: o.port }, () => sock.write(o.message));
      cleanup = () => sock.destroy();
      sock.on("data", (d) => {
        data += d;
        if (data.includes("\r\n\r\n")) finish(data);
      });
      sock.on("error", () => finish(null));
    }
  });
}
