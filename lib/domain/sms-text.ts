// The words of a notification text. A voice-mail text carries caller, time and the preview cut to
// fit ONE segment (a phone shows one segment as one bubble and the user pays for one); a
// protected message never shows its preview (Exchange: "protected voice message"), and neither
// does a mailbox whose policy turns AllowVoiceMailPreview off. A missed-call text carries caller
// and time. Pure: the time format is passed in (default: a short UTC form, since the mailbox has
// no time zone of its own yet).
import { SINGLE_SEGMENT_UNITS, smsAlphabet, smsUnits } from "./sms-segments";

export type TimeFormatter = (at: Date) => string;

/** "2026-11-26 07:01 UTC": unambiguous everywhere, short enough to leave room for the preview. */
export const formatUtcShort: TimeFormatter = (at) => `${at.toISOString().slice(0, 16).replace("T", " ")} UTC`;

export interface VoiceMailTextInput {
  callerId: string;
  receivedAt: Date;
  preview: string | null;
  protected: boolean;
  urgent?: boolean;
  /** The mailbox policy's AllowVoiceMailPreview. */
  allowPreview: boolean;
}

export interface MissedCallTextInput {
  callerId: string;
  occurredAt: Date;
}

export const PROTECTED_NOTICE = "protected voice message";

function caller(callerId: string): string {
  const c = callerId.trim();
  return c === "" ? "an unknown caller" : c;
}

export function composeVoiceMailText(m: VoiceMailTextInput, formatTime: TimeFormatter = formatUtcShort): string {
  const head = `New ${m.urgent ? "urgent " : ""}voice mail from ${caller(m.callerId)} at ${formatTime(m.receivedAt)}`;
  if (m.protected) return `${head}: ${PROTECTED_NOTICE}.`;
  const preview = m.allowPreview ? normalizePreview(m.preview ?? "") : "";
  if (!preview) return `${head}.`;
  return fitOneSegment(`${head}: `, preview) ?? `${head}.`;
}

export function composeMissedCallText(c: MissedCallTextInput, formatTime: TimeFormatter = formatUtcShort): string {
  return `Missed call from ${caller(c.callerId)} at ${formatTime(c.occurredAt)}.`;
}

/** Line breaks and runs of spaces cost units and show as gaps in a bubble. */
function normalizePreview(preview: string): string {
  return preview.replace(/\s+/g, " ").trim();
}

function fitsOneSegment(text: string): boolean {
  const alphabet = smsAlphabet(text);
  return smsUnits(text, alphabet) <= SINGLE_SEGMENT_UNITS[alphabet];
}

/** More preview than this never fits one segment, whatever the alphabet. */
const MAX_PREVIEW_CHARS = SINGLE_SEGMENT_UNITS["GSM-7"];

/**
 * `head + tail` when it fits one segment, else head + the longest word-boundary cut of `tail`
 * that fits, with an ellipsis; null when not even one word fits. The ellipsis is "…" only when
 * the text is UCS-2 anyway: U+2026 is not in GSM-7, so in an otherwise GSM-7 text it would switch
 * the whole message to UCS-2 and cut the room from 160 to 70 — there "..." is used instead.
 * Cutting can drop the only non-GSM character, so the alphabet is judged per candidate.
 */
export function fitOneSegment(head: string, tail: string): string | null {
  if (fitsOneSegment(head + tail)) return head + tail;
  const chars = [...tail].slice(0, MAX_PREVIEW_CHARS + 1);
  for (let n = Math.min(chars.length - 1, MAX_PREVIEW_CHARS); n > 0; n--) {
    const cut = cutAtWord(chars, n);
    if (!cut) return null;
    const bare = head + cut;
    const candidate = bare + (smsAlphabet(bare) === "UCS-2" ? "…" : "...");
    if (fitsOneSegment(candidate)) return candidate;
  }
  return null;
}

/** The first `n` characters, backed off to the last word boundary (a lone long word is hard-cut). */
function cutAtWord(chars: string[], n: number): string {
  let end = n;
  if (chars[n] !== " ") {
    const lastSpace = chars.lastIndexOf(" ", n - 1);
    if (lastSpace > 0) end = lastSpace;
  }
  return chars.slice(0, end).join("").replace(/[\s,;:\-–—]+$/u, "");
}
