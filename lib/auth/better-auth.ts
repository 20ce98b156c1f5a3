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
  baseURL: env.publicUrl,
  // Without a public URL, accept a sign-in whose Origin is the host the browser itself talked to
  // (localhost, 127.0.0.1 or a LAN name): a same-origin check, which a cross-site page can't pass.
  trustedOrigins: async (request) => {
    const host = request?.headers.get("host");
    return host && !env.publicUrl ? [`http://${host}`, `https://${host}`] : [];
  },
  // Accounts are made by admins (EAC / API) and the seed, never by self-service sign-up.
  emailAndPassword: { enabled: true, disableSignUp: true, minPasswordLength: 8 },
  user: { additionalFields: { role: { type: "string", defaultValue: "user", input: false } } },
  session: { expiresIn: 60 * 60 * 12, updateAge: 60 * 60 },
  // Sign-in attempts per client per minute: slows password guessing. Test runs raise it.
  rateLimit: {
    enabled: true,
    customRules: { "/sign-in/email": { window: 60, max: env.signInAttemptsPerMinute } },
  },
  telemetry: { enabled: false },
  plugins: [nextCookies()],
});
