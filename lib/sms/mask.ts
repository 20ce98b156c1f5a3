// Phone numbers in logs: enough to tell two apart when debugging, not enough to dial. Texts are
// never logged at all (a passcode is a secret; a preview is the caller's words).

/** "+14255550123" → "+1425•••••23". Short or odd values are masked whole. */
export function maskPhoneNumber(number: string): string {
  if (number.length < 8) return "•".repeat(number.length);
  return number.slice(0, 5) + "•".repeat(number.length - 7) + number.slice(-2);
}
