// The worker's JSON log (pino): one line per event, level from LOG_LEVEL. Nothing secret is
// logged on purpose (no DATABASE_URL, no tokens, no passcodes); redaction is the safety net for
// fields that might slip into a logged object later.
import pino, { type Logger } from "pino";
import { env } from "../lib/env";

export type { Logger };

export const logger: Logger = pino({
  level: env.logLevel,
  base: { service: "sip-worker", pid: process.pid },
  timestamp: pino.stdTimeFunctions.isoTime,
  redact: {
    paths: [
      "password", "*.password", "token", "*.token", "secret", "*.secret", "passcode", "*.passcode",
      "authorization", "*.authorization", "databaseUrl", "*.databaseUrl", "*.headers.authorization",
    ],
    censor: "[redacted]",
  },
});
