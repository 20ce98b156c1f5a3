// Real peer processes for tests (sipp as a PBX) and small waiting helpers. No Prisma here, so
// both the vitest integration suite and the Playwright suite can use it.
import { spawn, type ChildProcess } from "node:child_process";
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

export async function startSippUas(scenario: string, port: number, dir: string): Promise<SippUas> {
  const traceFile = path.join(dir, `sipp-${port}-messages.log`);
  const child = spawn("/usr/bin/sipp", [
    "-sf", path.join(PROJECT_ROOT, "tests/sipp", scenario),
    "-t", "t1", "-i", "127.0.0.1", "-p", String(port),
    "-trace_msg", "-message_file", traceFile,
    "-m", "100000", "-deadcall_wait", "0", "-nostdin",
  ], { stdio: ["ignore", "pipe", "pipe"] });
  const handle = track(child);
  await waitFor(`sipp listening on ${port}`, async () => {
    if (child.exitCode !== null) throw new Error(`sipp exited: ${handle.output().slice(-2000)}`);
    return canConnect(port);
  }, 10_000, 50);
  return {
    ...handle, port, traceFile,
    notifies: () => {
      const trace = fs.existsSync(traceFile) ? fs.readFileSync(traceFile) : Buffer.alloc(0);
      return parseSippTrace(trace).filter((m) => m.text.startsWith("NOTIFY "));
    },
  };
}
