// The key better-auth signs session cookies with. From the environment when set; otherwise one
// random key made on first start and kept next to the embedded database, so sessions survive a
// restart without the admin having to invent a secret.
import fs from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { env } from "../env";

export function authSecret(): string {
  if (env.authSecret) return env.authSecret;
  const file = path.join(process.env.LAMPLIGHTER_DATA_DIR ?? path.join(process.cwd(), "data"), "auth-secret");
  try {
    return fs.readFileSync(file, "utf8").trim();
  } catch {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const secret = randomBytes(32).toString("base64url");
    try {
      fs.writeFileSync(file, secret, { mode: 0o600, flag: "wx" });
      return secret;
    } catch {
      return fs.readFileSync(file, "utf8").trim(); // another process wrote it first
    }
  }
}
