// Where a mailbox's lamp lives on a SIP peer: the user part of the Request-URI and To header.
// TelExtn dial plans address the primary extension, E164 ones the E.164 number (with
// ";user=phone", RFC 3261 §19.1.1), SipName ones the SIP resource identifier.

export type UriType = "TelExtn" | "E164" | "SipName";
export type VoipSecurity = "Unsecured" | "SIPSecured" | "Secured";
export type SipTransport = "TCP" | "TLS" | "UDP";

export interface TargetMailbox {
  extension: string | null;
  e164Number: string | null;
  sipResourceIdentifier: string | null;
}

export interface SipTarget {
  /** user part, or a full user@host for SipName */
  user: string;
  /** host to use when the identifier carries none: the gateway's address */
  host: string;
  port: number;
  transport: SipTransport;
  userPhone: boolean;
}

export function transportFor(voipSecurity: string, override?: string | null): SipTransport {
  if (override === "UDP") return "UDP";
  return voipSecurity === "SIPSecured" || voipSecurity === "Secured" ? "TLS" : "TCP";
}

/** Returns null when the mailbox lacks the identifier its dial plan's URI type needs. */
export function sipTarget(
  uriType: string,
  mailbox: TargetMailbox,
  gateway: { address: string; port: number },
  transport: SipTransport,
): SipTarget | null {
  const base = { host: gateway.address, port: gateway.port, transport };
  if (uriType === "E164") {
    return mailbox.e164Number ? { ...base, user: mailbox.e164Number, userPhone: true } : null;
  }
  if (uriType === "SipName") {
    const id = mailbox.sipResourceIdentifier?.replace(/^sips?:/i, "");
    return id ? { ...base, user: id, userPhone: false } : null;
  }
  return mailbox.extension ? { ...base, user: mailbox.extension, userPhone: false } : null;
}

/** "sip:4001@pbx1.contoso.com:5060;transport=tcp" for the Request-URI. */
export function requestUri(t: SipTarget): string {
  const [user, host] = t.user.includes("@") ? t.user.split("@", 2) : [t.user, t.host];
  const scheme = t.transport === "TLS" ? "sips" : "sip";
  const params = [t.userPhone ? "user=phone" : "", t.transport === "TLS" ? "" : `transport=${t.transport.toLowerCase()}`]
    .filter(Boolean).map((p) => `;${p}`).join("");
  const hostPort = host === t.host ? `${host}:${t.port}` : host;
  return `${scheme}:${user}@${hostPort}${params}`;
}

/** "sip:4001@pbx1.contoso.com" for the To header (no port or transport: it names the user). */
export function toUri(t: SipTarget): string {
  const [user, host] = t.user.includes("@") ? t.user.split("@", 2) : [t.user, t.host];
  return `${t.transport === "TLS" ? "sips" : "sip"}:${user}@${host}${t.userPhone ? ";user=phone" : ""}`;
}
