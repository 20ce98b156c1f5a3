// Random identifiers for SIP messages. They only need to be unique, not secret, but a CSPRNG
// costs little here and avoids collisions between worker instances sharing one PBX.
//
// Every NOTIFY takes three of them; one randomBytes() call each costs several microseconds (a
// trip into OpenSSL per call), more than building the rest of the message. So random bytes are
// drawn from a pool refilled 4 KiB at a time, and each identifier takes a slice of it.
import { randomFillSync } from "node:crypto";

/** RFC 3261 §8.1.1.7: a branch starting with the magic cookie marks an RFC 3261 transaction id. */
export const BRANCH_MAGIC_COOKIE = "z9hG4bK";

const pool = Buffer.alloc(4096);
let used = pool.length;

function randomHex(bytes: number): string {
  if (used + bytes > pool.length) {
    randomFillSync(pool);
    used = 0;
  }
  const hex = pool.toString("hex", used, used + bytes);
  used += bytes; // never handed out twice
  return hex;
}

export function newBranch(): string {
  return BRANCH_MAGIC_COOKIE + randomHex(10);
}

/** RFC 3261 §19.3: tags need at least 32 bits of randomness. */
export function newTag(): string {
  return randomHex(6);
}

/** RFC 3261 §8.1.1.4: a Call-ID is globally unique; "random@host" is the usual shape. */
export function newCallId(host: string): string {
  return `${randomHex(12)}@${host.charCodeAt(0) === 0x5b ? host.replace(/^\[|\]$/g, "") : host}`;
}
