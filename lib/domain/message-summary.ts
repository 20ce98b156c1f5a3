// application/simple-message-summary bodies (RFC 3842 §5.2).
import type { MwiCounts } from "./mwi-counts";

export const MESSAGE_SUMMARY_CONTENT_TYPE = "application/simple-message-summary";

/**
 * Builds the body. Message-Account (§5.2, optional) names the mailbox the summary is about,
 * so a PBX that serves several voice-mail systems can tell them apart.
 */
export function messageSummaryBody(counts: MwiCounts, messageAccount?: string): string {
  const lines = [`Messages-Waiting: ${counts.messagesWaiting ? "yes" : "no"}`];
  if (messageAccount) lines.push(`Message-Account: ${messageAccount}`);
  lines.push(`Voice-Message: ${counts.newCount}/${counts.oldCount} (${counts.newUrgentCount}/${counts.oldUrgentCount})`);
  return lines.join("\r\n") + "\r\n";
}

export interface ParsedMessageSummary extends MwiCounts {
  messageAccount?: string;
}

/** Parses a body; returns null when it is not a valid summary (used by tests and SUBSCRIBE peers). */
export function parseMessageSummary(body: string): ParsedMessageSummary | null {
  const waiting = /^Messages-Waiting[ \t]*:[ \t]*(yes|no)[ \t]*$/im.exec(body);
  if (!waiting) return null;
  const account = /^Message-Account[ \t]*:[ \t]*(\S+)[ \t]*$/im.exec(body);
  const voice = /^Voice-Message[ \t]*:[ \t]*(\d+)\/(\d+)(?:[ \t]*\((\d+)\/(\d+)\))?[ \t]*$/im.exec(body);
  return {
    messagesWaiting: waiting[1].toLowerCase() === "yes",
    messageAccount: account?.[1],
    newCount: voice ? Number(voice[1]) : 0,
    oldCount: voice ? Number(voice[2]) : 0,
    newUrgentCount: voice?.[3] ? Number(voice[3]) : 0,
    oldUrgentCount: voice?.[4] ? Number(voice[4]) : 0,
  };
}
