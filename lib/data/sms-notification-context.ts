// What the SMS rule and the text composer need about a mailbox, read inside the caller's
// transaction so the decision and the queued text are consistent with the event that caused it.
import type { Tx } from "./transaction";

export function findSmsNotificationContext(mailboxId: string, tx: Tx) {
  return tx.umMailbox.findUnique({
    where: { id: mailboxId },
    select: {
      id: true,
      umEnabled: true,
      umSmsNotificationOption: true,
      policy: {
        select: { name: true, allowSmsNotification: true, allowMissedCallNotifications: true, allowVoiceMailPreview: true },
      },
      textSetup: {
        select: {
          verified: true, notificationsEnabled: true, phoneNumber: true,
          voiceMailNotifications: true, missedCallNotifications: true,
        },
      },
    },
  });
}

export type SmsNotificationContext = NonNullable<Awaited<ReturnType<typeof findSmsNotificationContext>>>;
