// How long a text is on the air interface. A phone pays per segment, and a segment holds 140
// octets: 160 GSM-7 septets, or 70 UCS-2 (UTF-16) code units when any character is outside
// GSM 03.38. A concatenated message spends 6 octets of each segment on the UDH, leaving 153 / 67.
// GSM-7 extension characters (€ [ ] { } \ ^ ~ | and form feed) take two septets (ESC + code).
// Pure; both the composer (one-segment previews) and the providers (splitting, encoding) use it.

export type SmsAlphabet = "GSM-7" | "UCS-2";

/** GSM 03.38 default alphabet, indexed by septet code (0x1B is the escape, not a character). */
const GSM7_BASIC =
  "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001bÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?" +
  "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";

/** GSM 03.38 extension table: character → code sent after the 0x1B escape. */
const GSM7_EXTENSION: Readonly<Record<string, number>> = {
  "\f": 0x0a, "^": 0x14, "{": 0x28, "}": 0x29, "\\": 0x2f, "[": 0x3c, "~": 0x3d, "]": 0x3e, "|": 0x40, "€": 0x65,
};

const ESCAPE = 0x1b;
const BASIC_CODE = new Map<string, number>([...GSM7_BASIC].map((c, i) => [c, i] as const).filter(([c]) => c !== "\u001b"));

export const SINGLE_SEGMENT_UNITS: Readonly<Record<SmsAlphabet, number>> = { "GSM-7": 160, "UCS-2": 70 };
export const CONCATENATED_SEGMENT_UNITS: Readonly<Record<SmsAlphabet, number>> = { "GSM-7": 153, "UCS-2": 67 };

/** Septets one character takes in GSM-7: 1, 2 (extension table), or 0 when it has none. */
export function gsm7Septets(char: string): 0 | 1 | 2 {
  if (BASIC_CODE.has(char)) return 1;
  if (char in GSM7_EXTENSION) return 2;
  return 0;
}

/** GSM-7 when every character is in the default alphabet or its extension table, else UCS-2. */
export function smsAlphabet(text: string): SmsAlphabet {
  for (const ch of text) if (gsm7Septets(ch) === 0) return "UCS-2";
  return "GSM-7";
}

/** Units of one character in an alphabet: septets for GSM-7, UTF-16 code units for UCS-2. */
function charUnits(ch: string, alphabet: SmsAlphabet): number {
  return alphabet === "GSM-7" ? gsm7Septets(ch) : ch.length; // astral characters are surrogate pairs
}

/** Length in the alphabet's units (septets or UTF-16 code units). */
export function smsUnits(text: string, alphabet: SmsAlphabet = smsAlphabet(text)): number {
  let n = 0;
  for (const ch of text) n += charUnits(ch, alphabet);
  return n;
}

export interface SmsSegmentInfo {
  alphabet: SmsAlphabet;
  units: number;
  segments: number;
  /** Units per segment at this length (160/70 for one segment, 153/67 when concatenated). */
  perSegment: number;
}

/** How many segments a text needs (the figure providers bill and the EAC log can show). */
export function countSegments(text: string): SmsSegmentInfo {
  const alphabet = smsAlphabet(text);
  const units = smsUnits(text, alphabet);
  if (units <= SINGLE_SEGMENT_UNITS[alphabet]) return { alphabet, units, segments: 1, perSegment: SINGLE_SEGMENT_UNITS[alphabet] };
  // Splitting never breaks an escape pair or a surrogate pair, so a segment may carry one unit
  // less than the maximum: count the real split, not units / perSegment.
  return { alphabet, units, segments: splitSegments(text).length, perSegment: CONCATENATED_SEGMENT_UNITS[alphabet] };
}

/**
 * The parts of a concatenated message, each within one segment's payload. A text that fits one
 * segment comes back whole. Characters are never split (an extension character's ESC and code
 * stay together; so do a surrogate pair's halves), because handsets show garbage otherwise.
 */
export function splitSegments(text: string): string[] {
  const alphabet = smsAlphabet(text);
  if (smsUnits(text, alphabet) <= SINGLE_SEGMENT_UNITS[alphabet]) return [text];
  const limit = CONCATENATED_SEGMENT_UNITS[alphabet];
  const parts: string[] = [];
  let current = "";
  let used = 0;
  for (const ch of text) {
    const u = charUnits(ch, alphabet);
    if (used + u > limit) {
      parts.push(current);
      current = "";
      used = 0;
    }
    current += ch;
    used += u;
  }
  if (current) parts.push(current);
  return parts;
}

/**
 * GSM-7 septet codes, one per octet (SMPP's unpacked form for data_coding 0), extension
 * characters as ESC + code. Throws on a character outside GSM 03.38 (the caller picks UCS-2 then).
 */
export function gsm7Codes(text: string): number[] {
  const out: number[] = [];
  for (const ch of text) {
    const basic = BASIC_CODE.get(ch);
    if (basic !== undefined) out.push(basic);
    else if (ch in GSM7_EXTENSION) out.push(ESCAPE, GSM7_EXTENSION[ch]);
    else throw new Error(`character U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")} has no GSM-7 code`);
  }
  return out;
}
