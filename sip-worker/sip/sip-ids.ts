// Random identifiers for SIP messages. They only need to be unique, not secret, but a CSPRNG
// costs nothing here and avoids collisions between worker instances sharing one PBX.
import { randomBytes } from "node:crypto";

/** RFC 3261 §8.1.1.7: a branch starting with the magic cookie marks an RFC 3261 transaction id. */
export const BRANCH_MAGIC_COOKIE = "z9hG4bK";

export function newBranch(): string {
  return BRANCH_MAGIC_COOKIE + randomBytes(10).toString("hex");
}

/** RFC 3261 §19.3: tags need at least 32 bits of randomness. */
export function newTag(): string {
  return randomBytes(6).toString("hex");
}

/** RFC 3261 §8.1.1.4: a Call-ID is globally unique; "random@host" is the usual shape. */
export function newCallId(host: string): string {
  return `${randomBytes(12).toString("hex")}@${host.replace(/^\[|\]$/g, "")}`;
}
