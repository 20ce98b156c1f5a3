// Picks the provider named by SMS_PROVIDER (default "outbox"), configured from the environment.
import type { Logger } from "pino";
import { env } from "../env";
import { HttpSmsProvider } from "./http-provider";
import { OutboxSmsProvider } from "./outbox-provider";
import type { SmsProvider } from "./provider";
import { SmppSmsProvider } from "./smpp-provider";

export function createSmsProvider(logger: Logger): SmsProvider {
  switch (env.smsProvider) {
    case "outbox":
      return new OutboxSmsProvider();
    case "http":
      return new HttpSmsProvider({ url: env.smsHttpUrl ?? "", secret: env.smsHttpSecret ?? "", timeoutMs: env.smsSendTimeoutMs });
    case "smpp": {
      const p = new SmppSmsProvider({
        url: env.smppUrl ?? "", systemId: env.smppSystemId, password: env.smppPassword, sourceAddr: env.smppSourceAddr,
        maxPerSec: env.smppMaxPerSec, enquireLinkMs: env.smppEnquireLinkMs, responseTimeoutMs: env.smsSendTimeoutMs,
        reconnectBaseMs: env.smppReconnectBaseMs, reconnectMaxMs: env.smppReconnectMaxMs, logger,
      });
      p.start();
      return p;
    }
    default:
      throw new Error(`SMS_PROVIDER must be outbox, smpp or http, got "${String(env.smsProvider)}"`);
  }
}
