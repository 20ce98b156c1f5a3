// The OWA text messaging wizard's inputs.
import { z } from "zod";
import { TEXT_MESSAGING_LOCALES } from "../domain/mobile-operators";

const localeIds = TEXT_MESSAGING_LOCALES.map((l) => l.id) as [string, ...string[]];

export const textMessagingStart = z.object({
  locale: z.enum(localeIds, { error: "Choose the locale of your mobile operator." }),
  mobileOperator: z.string().trim().min(1, "Choose your mobile operator.").max(64),
  phoneNumber: z.string().trim().min(1, "Enter your mobile phone number.").max(32, "That phone number is too long."),
}).strict();

export const passcodeEntry = z.object({
  passcode: z.string().trim().regex(/^\d{6}$/, "The passcode is the six digits in the text message we sent."),
}).strict();

export const textNotificationChoices = z.object({
  voiceMailNotifications: z.boolean().optional(),
  missedCallNotifications: z.boolean().optional(),
}).strict();
