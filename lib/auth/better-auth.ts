// Email + password sign-in (better-auth, scrypt password hashes) over our Prisma tables.
import { betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { nextCookies } from "better-auth/next-js";
import { db } from "../db";
import { env } from "../env";
import { authSecret } from "./secret";

export const auth = betterAuth({
  appName: "Lamplighter",
  database: prismaAdapter(db, { provider: env.isPostgres ? "postgresql" : "sqlite" }),
  secret: authSecret(),
  // Unset: the origin comes from each request (localhost, 127.0.0.1 and a LAN name all work).
  baseURL: env.publicUrl,
  // Accounts are made by admins (EAC / API) and the seed, never by self-service sign-up.
  emailAndPassword: { enabled: true, disableSignUp: true, minPasswordLength: 8 },
  user: { additionalFields: { role: { type: "string", defaultValue: "user", input: false } } },
  session: { expiresIn: 60 * 60 * 12, updateAge: 60 * 60 },
  telemetry: { enabled: false },
  plugins: [nextCookies()],
});
