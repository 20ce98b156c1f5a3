// The lamp state of a mailbox (RFC 3842 §5.2 message-summary counts) from its voice messages.
// Urgent counts are a subset of the new/old totals, as in "Voice-Message: 2/8 (1/0)": two new,
// one of them urgent. Protected voice messages count like any other (Exchange did the same).

export interface MwiCounts {
  messagesWaiting: boolean;
  newCount: number;
  oldCount: number;
  newUrgentCount: number;
  oldUrgentCount: number;
}

/** One row per (heard, urgent) combination with its number of messages. */
export interface VoiceMessageTally {
  heard: boolean;
  urgent: boolean;
  count: number;
}

export const NO_MESSAGES: MwiCounts = Object.freeze({
  messagesWaiting: false, newCount: 0, oldCount: 0, newUrgentCount: 0, oldUrgentCount: 0,
});

export function countsFromTally(rows: readonly VoiceMessageTally[]): MwiCounts {
  let newCount = 0, oldCount = 0, newUrgentCount = 0, oldUrgentCount = 0;
  for (const r of rows) {
    if (r.heard) {
      oldCount += r.count;
      if (r.urgent) oldUrgentCount += r.count;
    } else {
      newCount += r.count;
      if (r.urgent) newUrgentCount += r.count;
    }
  }
  return { messagesWaiting: newCount > 0, newCount, oldCount, newUrgentCount, oldUrgentCount };
}

export function sameCounts(a: MwiCounts, b: MwiCounts): boolean {
  return a.messagesWaiting === b.messagesWaiting && a.newCount === b.newCount && a.oldCount === b.oldCount
    && a.newUrgentCount === b.newUrgentCount && a.oldUrgentCount === b.oldUrgentCount;
}
