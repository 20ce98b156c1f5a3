// New-UMMailboxPolicy / Set-UMMailboxPolicy parameters.
import { z } from "zod";
import { id, name64 } from "./common";

export const mailboxPolicyCreate = z.object({
  name: name64,
  dialPlanId: id,
  allowMessageWaitingIndicator: z.boolean().default(true),
  allowSmsNotification: z.boolean().default(true),
  allowMissedCallNotifications: z.boolean().default(true),
}).strict();

// A policy stays with its dial plan (Exchange: UMDialPlan is set only at creation).
export const mailboxPolicyUpdate = mailboxPolicyCreate.omit({ dialPlanId: true }).partial().strict();

export type MailboxPolicyCreate = z.infer<typeof mailboxPolicyCreate>;
export type MailboxPolicyUpdate = z.infer<typeof mailboxPolicyUpdate>;
