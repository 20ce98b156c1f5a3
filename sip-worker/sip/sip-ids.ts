// Random identifiers for SIP messages, from the pooled CSPRNG of lib/random-hex.ts (every NOTIFY
// takes three of them).
import { randomHex } from "../../lib/random-hex";

/** RFC 3261 §8.1.1.7: a branch starting with the magic cookie marks an RFC 3261 transaction id. */
export const BRANCH_MAGIC_COOKIE = "z9hG4bK";

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
