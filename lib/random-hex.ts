// Random hex for identifiers that must be unique, not secret (SIP branches and tags, row ids).
// A CSPRNG costs little here and avoids collisions between processes sharing a PBX or a database,
// but one randomBytes() call costs several microseconds (a trip into OpenSSL per call) — more than
// building a NOTIFY, or than the row it names. So bytes are drawn from a pool refilled 4 KiB at a
// time, and each identifier takes a slice of it (never handed out twice).
import { randomFillSync } from "node:crypto";

const pool = Buffer.alloc(4096);
let used = pool.length;

export function randomHex(bytes: number): string {
  if (used + bytes > pool.length) {
    randomFillSync(pool);
    used = 0;
  }
  const hex = pool.toString("hex", used, used + bytes);
  used += bytes;
  return hex;
}
