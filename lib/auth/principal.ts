// Who is calling: a signed-in browser session, an API token, or LAMPLIGHTER_ADMIN_TOKEN.
import { createHash, timingSafeEqual } from "node:crypto";
import { env } from "../env";
import { findApiTokenByHash, touchApiToken } from "../data/users";
import { ForbiddenError, UnauthorizedError } from "../errors";
import { auth } from "./better-auth";

export type Role = "admin" | "user";

/**
 * "Last used" is kept to this precision: recording every call would add a write (and a wait for
 * SQLite's write lock, shared with the sip-worker) to each request of a busy voice-mail platform.
 */
const TOKEN_USE_PRECISION_MS = 60_000;

export interface Principal {
  userId: string | null; // null for the environment's admin token
  name: string; // shown in the audit log
  role: Role;
  via: "session" | "token" | "env-token";
}

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

function equalSecret(a: string, b: string): boolean {
  const x = Buffer.from(hashToken(a)), y = Buffer.from(hashToken(b));
  return timingSafeEqual(x, y);
}

export async function principalFrom(headers: Headers): Promise<Principal | null> {
  const authz = headers.get("authorization");
  if (authz) {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(authz);
    if (!m) throw new UnauthorizedError("The Authorization header must be \"Bearer <token>\".");
    const token = m[1];
    if (env.adminToken && equalSecret(token, env.adminToken)) {
      return { userId: null, name: "LAMPLIGHTER_ADMIN_TOKEN", role: "admin", via: "env-token" };
    }
    const row = await findApiTokenByHash(hashToken(token));
    if (!row || row.revokedAt) throw new UnauthorizedError("The API token is not valid.");
    if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() >= TOKEN_USE_PRECISION_MS) {
      void touchApiToken(row.id).catch(() => undefined);
    }
    return { userId: row.userId, name: `${row.user.email} (token ${row.prefix}…)`, role: row.user.role === "admin" ? "admin" : "user", via: "token" };
  }
  const session = await auth.api.getSession({ headers });
  if (!session) return null;
  const role = (session.user as { role?: string }).role === "admin" ? "admin" : "user";
  return { userId: session.user.id, name: session.user.email, role, via: "session" };
}

export async function requirePrincipal(headers: Headers): Promise<Principal> {
  const p = await principalFrom(headers);
  if (!p) throw new UnauthorizedError();
  return p;
}

export async function requireAdmin(headers: Headers): Promise<Principal> {
  const p = await requirePrincipal(headers);
  if (p.role !== "admin") throw new ForbiddenError("This needs the admin role.");
  return p;
}
