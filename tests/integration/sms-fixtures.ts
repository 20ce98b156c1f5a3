// Fixtures for the SMS integration tests: a mailbox whose policy, UMSMSNotificationOption and
// verified text-messaging setup are set as the test needs (written with Prisma directly).
import type { PrismaClient } from "../../lib/generated/sqlite/client";
import type { Principal } from "../../lib/auth/principal";
import { createEstate } from "./fixtures";

export const ADMIN: Principal = { userId: null, name: "integration test", role: "admin", via: "env-token" };

export interface SmsMailboxOptions {
  name: string;
  extension: string;
  phone: string;
  option?: "None" | "VoiceMail" | "VoiceMailAndMissedCalls";
  allowSmsNotification?: boolean;
  allowVoiceMailPreview?: boolean;
  voiceMail?: boolean;
  missedCalls?: boolean;
}

export async function createSmsMailbox(db: PrismaClient, o: SmsMailboxOptions) {
  const { mailbox, policy } = await createEstate(db, { name: o.name, extension: o.extension, gateways: [] });
  await db.umMailboxPolicy.update({
    where: { id: policy.id },
    data: { allowSmsNotification: o.allowSmsNotification ?? true, allowVoiceMailPreview: o.allowVoiceMailPreview ?? true },
  });
  await db.umMailbox.update({ where: { id: mailbox.id }, data: { umSmsNotificationOption: o.option ?? "VoiceMail" } });
  await db.textMessagingSetup.create({
    data: {
      mailboxId: mailbox.id, notificationsEnabled: true, phoneNumber: o.phone, verified: true, verifiedAt: new Date(),
      voiceMailNotifications: o.voiceMail ?? true, missedCallNotifications: o.missedCalls ?? true,
    },
  });
  return mailbox;
}
