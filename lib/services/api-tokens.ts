// API tokens for scripts. The token is shown once at creation; only its SHA-256 is stored (a
// 192-bit random token needs no slow hash: it can't be guessed from a dictionary).
import { randomBytes } from "node:crypto";
import { createApiToken as insertToken, listApiTokens as selectTokens, revokeApiToken as markRevoked } from "../data/users";
import { hashToken, type Principal } from "../auth/principal";
import { ForbiddenError, NotFoundError } from "../errors";
import { apiTokenCreate } from "../validation/api-tokens";

function ownUser(who: Principal): string {
  if (!who.userId) throw new ForbiddenError("Sign in as a user to manage API tokens; the environment's admin token has no user.");
  return who.userId;
}

export async function createApiToken(input: unknown, who: Principal) {
  const v = apiTokenCreate.parse(input);
  const userId = ownUser(who);
  const token = `llt_${randomBytes(24).toString("base64url")}`;
  const row = await insertToken({ name: v.name, tokenHash: hashToken(token), prefix: token.slice(0, 8), userId });
  return { id: row.id, name: row.name, prefix: row.prefix, createdAt: row.createdAt.toISOString(), token };
}

export async function listApiTokens(who: Principal) {
  const rows = await selectTokens(ownUser(who));
  return {
    items: rows.map((r) => ({ id: r.id, name: r.name, prefix: r.prefix, createdAt: r.createdAt.toISOString(), lastUsedAt: r.lastUsedAt?.toISOString() ?? null })),
  };
}

export async function revokeApiToken(id: string, who: Principal) {
  const r = await markRevoked(id, ownUser(who));
  if (r.count === 0) throw new NotFoundError("API token", id);
}
