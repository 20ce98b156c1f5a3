// What the SMS rule and the text composer need about a mailbox, read inside the caller's
// transaction so the decision and the queued text are consistent with the event that caused it.
// One plain join (it runs for every voice message posted; see voice-messages.ts for why plain SQL).
import { fromSqlBool as bool, sqlFor } from "./bulk-sql";
import { asSql, type Sql } from "./sql";
import type { Tx } from "./transaction";

export interface SmsNotificationContext {
  id: string;
  umEnabled: boolean;
  umSmsNotificationOption: string;
  policy: { name: string; allowSmsNotification: boolean; allowMissedCallNotifications: boolean; allowVoiceMailPreview: boolean } | null;
  textSetup: {
    verified: boolean;
    notificationsEnabled: boolean;
    phoneNumber: string | null;
    voiceMailNotifications: boolean;
    missedCallNotifications: boolean;
  } | null;
}

interface Row {
  id: string;
  umEnabled: unknown;
  umSmsNotificationOption: string;
  policyId: string | null;
  policyName: string | null;
  allowSmsNotification: unknown;
  allowMissedCallNotifications: unknown;
  allowVoiceMailPreview: unknown;
  setupId: string | null;
  verified: unknown;
  notificationsEnabled: unknown;
  phoneNumber: string | null;
  voiceMailNotifications: unknown;
  missedCallNotifications: unknown;
}

export async function findSmsNotificationContext(mailboxId: string, tx: Sql | Tx): Promise<SmsNotificationContext | null> {
  const [r] = await asSql(tx).query<Row>(sqlFor(
    `SELECT m."id", m."umEnabled", m."umSmsNotificationOption",
       p."id" AS "policyId", p."name" AS "policyName", p."allowSmsNotification", p."allowMissedCallNotifications", p."allowVoiceMailPreview",
       t."id" AS "setupId", t."verified", t."notificationsEnabled", t."phoneNumber", t."voiceMailNotifications", t."missedCallNotifications"
     FROM "UmMailbox" m
     LEFT JOIN "UmMailboxPolicy" p ON p."id" = m."umMailboxPolicyId"
     LEFT JOIN "TextMessagingSetup" t ON t."mailboxId" = m."id"
     WHERE m."id" = ?`),
    mailboxId,
  );
  if (!r) return null;
  return {
    id: r.id,
    umEnabled: bool(r.umEnabled),
    umSmsNotificationOption: r.umSmsNotificationOption,
    policy: r.policyId === null ? null : {
      name: r.policyName ?? "", allowSmsNotification: bool(r.allowSmsNotification),
      allowMissedCallNotifications: bool(r.allowMissedCallNotifications), allowVoiceMailPreview: bool(r.allowVoiceMailPreview),
    },
    textSetup: r.setupId === null ? null : {
      verified: bool(r.verified), notificationsEnabled: bool(r.notificationsEnabled), phoneNumber: r.phoneNumber,
      voiceMailNotifications: bool(r.voiceMailNotifications), missedCallNotifications: bool(r.missedCallNotifications),
    },
  };
}
