import { z } from "zod";

export const voiceMessageCreate = z.object({
  callerId: z.string().trim().min(1, "callerId is required.").max(128),
  durationSeconds: z.number({ error: "durationSeconds must be a number of seconds." }).int().min(0).max(24 * 3600),
  urgent: z.boolean().default(false),
  protected: z.boolean().default(false),
  preview: z.string().max(4000).nullable().optional(),
  receivedAt: z.iso.datetime({ offset: true }).optional(),
}).strict();

export const voiceMessageUpdate = z.object({ heard: z.boolean() }).strict();

export const missedCallCreate = z.object({
  callerId: z.string().trim().min(1, "callerId is required.").max(128),
  occurredAt: z.iso.datetime({ offset: true }).optional(),
}).strict();

export type VoiceMessageCreate = z.infer<typeof voiceMessageCreate>;
export type MissedCallCreate = z.infer<typeof missedCallCreate>;
