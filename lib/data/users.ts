// Sign-in identities (better-auth's user/account tables) and API tokens.
import { randomUUID } from "node:crypto";
import { db } from "../db";
import type { Tx } from "./transaction";

export function findUserByEmail(email: string, tx: Tx = db) {
  return tx.user.findUnique({ where: { email } });
}

export function findUserById(id: string) {
  return db.user.findUnique({ where: { id } });
}

/** Creates a user with an email+password credential in better-auth's layout (providerId "credential"). */
export async function createUserWithPassword(
  u: { name: string; email: string; role: "admin" | "user"; passwordHash?: string }, tx: Tx,
) {
  const id = randomUUID();
  const user = await tx.user.create({ data: { id, name: u.name, email: u.email, role: u.role, emailVerified: true } });
  if (u.passwordHash) {
    await tx.account.create({ data: { id: randomUUID(), accountId: id, providerId: "credential", userId: id, password: u.passwordHash } });
  }
  return user;
}

export function countUsers() {
  return db.user.count();
}

export function findApiTokenByHash(tokenHash: string) {
  return db.apiToken.findUnique({ where: { tokenHash }, include: { user: true } });
}

export function createApiToken(data: { name: string; tokenHash: string; prefix: string; userId: string }) {
  return db.apiToken.create({ data });
}

export function touchApiToken(id: string) {
  return db.apiToken.update({ where: { id }, data: { lastUsedAt: new Date() } });
}

export function listApiTokens(userId: string) {
  return db.apiToken.findMany({ where: { userId, revokedAt: null }, orderBy: { createdAt: "desc" } });
}

export function revokeApiToken(id: string, userId: string) {
  return db.apiToken.updateMany({ where: { id, userId, revokedAt: null }, data: { revokedAt: new Date() } });
}
