// Enable-UMMailbox / Set-UMMailbox parameters, plus the mailbox itself (display name, alias, email).
import { z } from "zod";
import { id } from "./common";

export const SMS_OPTIONS = ["None", "VoiceMail", "VoiceMailAndMissedCalls"] as const;

const fields = {
  displayName: z.string().trim().min(1, "Display name is required.").max(256),
  alias: z.string().trim().min(1, "Alias is required.").max(64)
    .regex(/^[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~.]+$/, "Alias can contain letters, digits and !#$%&'*+-/=?^_`{|}~. only."),
  email: z.email("Email must be a valid email address.").max(320),
  umEnabled: z.boolean(),
  extension: z.string().trim().regex(/^\d{1,20}$/, "Extension must be digits only.").nullable(),
  extraExtensions: z.array(z.string().regex(/^\d{1,20}$/, "Extensions must be digits only.")).max(20),
  umMailboxPolicyId: id.nullable(),
  umSmsNotificationOption: z.enum(SMS_OPTIONS, { error: "UMSMSNotificationOption must be None, VoiceMail or VoiceMailAndMissedCalls." }),
  sipResourceIdentifier: z.string().trim().regex(/^(sips?:)?[^@\s]+@[^@\s]+$/i, "SIP resource identifier must look like user@domain.").nullable(),
  e164Number: z.string().trim().regex(/^\+[1-9]\d{1,14}$/, "E.164 number must look like +14255550100.").nullable(),
  // Sign-in password for the user's OWA account (never returned).
  password: z.string().min(8, "Password must be at least 8 characters.").max(128),
};

export const mailboxCreate = z.object({
  ...fields,
  umEnabled: fields.umEnabled.optional(),
  extension: fields.extension.optional(),
  extraExtensions: fields.extraExtensions.default([]),
  umMailboxPolicyId: fields.umMailboxPolicyId.optional(),
  umSmsNotificationOption: fields.umSmsNotificationOption.default("None"),
  sipResourceIdentifier: fields.sipResourceIdentifier.optional(),
  e164Number: fields.e164Number.optional(),
  password: fields.password.optional(),
}).strict();

export const mailboxUpdate = z.object(fields).omit({ password: true }).partial().strict();

export type MailboxCreate = z.infer<typeof mailboxCreate>;
export type MailboxUpdate = z.infer<typeof mailboxUpdate>;

export const mailboxSort = z.object({
  sort: z.enum(["displayName", "alias", "extension", "email"], { error: "sort must be displayName, alias, extension or email." }).optional(),
  order: z.enum(["asc", "desc"], { error: "order must be asc or desc." }).optional(),
});
