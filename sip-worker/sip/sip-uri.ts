// The SIP URIs we put on the wire (Request-URI, To, From), checked against the part of the
// RFC 3261 §25.1 grammar we emit: "sip:"/"sips:", a user part, a host (FQDN, IPv4 or bracketed
// IPv6), an optional port and uri-parameters; no password, no ?headers. Anything else — a space,
// a CR/LF, an angle bracket, a second "@" — is refused, so no identifier from the database can
// inject a header or break a name-addr (RFC 3261 §20.10).
//
// This replaces sip.js's grammar on the NOTIFY hot path (~2 ms per message through its generated
// parser, against microseconds here) and keeps what its URI serialisation did that matters: the
// scheme and host of a name-addr are written in lower case (§19.1.4: they compare
// case-insensitively) and the port as a plain number.
import net from "node:net";

export class InvalidSipUriError extends Error {
  constructor(readonly uri: string) {
    super(`not a valid SIP URI: ${JSON.stringify(uri)}`);
    this.name = "InvalidSipUriError";
  }
}

/**
 * user = 1*( unreserved / escaped / user-unreserved ): alphanum, mark "-_.!~*'()", "%" HEX HEX,
 * and "&=+$,;?/".
 */
const USER = /^(?:[A-Za-z0-9\-_.!~*'()&=+$,;?/]|%[0-9A-Fa-f]{2})+$/;
/**
 * hostname = *( domainlabel "." ) toplabel; labels of alphanum and inner "-". The top label may
 * start with a digit here (sip.js accepts that too) as long as the whole is not an IPv4 look-alike
 * such as 999.1.1.1, which the IPv4 check below refuses.
 */
const HOSTNAME = /^(?=.{1,253}$)(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)*[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
const DOTTED_DIGITS = /^[0-9.]+$/;
/** uri-parameter = pname [ "=" pvalue ], both 1*paramchar (param-unreserved / unreserved / escaped). */
const PARAMS = /^(?:;(?:[A-Za-z0-9\-_.!~*'()[\]/:&+$]|%[0-9A-Fa-f]{2})+(?:=(?:[A-Za-z0-9\-_.!~*'()[\]/:&+$]|%[0-9A-Fa-f]{2})+)?)*$/;

/** Hosts already checked: a handful of gateways and domains, looked up for every NOTIFY. */
const hostVerdicts = new Map<string, boolean>();
const MAX_CACHED_HOSTS = 1024;

/** host = hostname / IPv4address / IPv6reference (RFC 3261 §25.1). */
export function isSipHost(host: string): boolean {
  const known = hostVerdicts.get(host);
  if (known !== undefined) return known;
  let ok: boolean;
  if (host.startsWith("[")) ok = host.endsWith("]") && net.isIPv6(host.slice(1, -1));
  else if (DOTTED_DIGITS.test(host)) ok = net.isIPv4(host);
  else ok = HOSTNAME.test(host);
  if (hostVerdicts.size >= MAX_CACHED_HOSTS) hostVerdicts.clear();
  hostVerdicts.set(host, ok);
  return ok;
}

export interface SipUri {
  /** lower case: "sip" or "sips" */
  scheme: "sip" | "sips";
  user: string;
  /** as written (case kept) */
  host: string;
  port?: number;
  /** ";user=phone;transport=tcp", as written; "" when none */
  params: string;
}

/** Splits and checks `uri`; throws InvalidSipUriError when it is outside the grammar above. */
export function parseSipUri(uri: string): SipUri {
  const colon = uri.indexOf(":");
  const schemeText = colon < 0 ? "" : uri.slice(0, colon).toLowerCase();
  if (schemeText !== "sip" && schemeText !== "sips") throw new InvalidSipUriError(uri);
  const at = uri.indexOf("@", colon + 1);
  if (at < 0) throw new InvalidSipUriError(uri);
  const user = uri.slice(colon + 1, at);
  if (!USER.test(user)) throw new InvalidSipUriError(uri);
  const rest = uri.slice(at + 1);
  // The host ends at ";" (params), or at the ":" of the port — after "]" for an IPv6 reference.
  const hostEnd = rest.startsWith("[") ? rest.indexOf("]") + 1 : rest.search(/[:;]|$/);
  if (hostEnd <= 0) throw new InvalidSipUriError(uri);
  const host = rest.slice(0, hostEnd);
  if (!isSipHost(host)) throw new InvalidSipUriError(uri);
  let i = hostEnd;
  let port: number | undefined;
  if (rest[i] === ":") {
    const m = /^:(\d{1,5})(?=;|$)/.exec(rest.slice(i));
    if (!m || Number(m[1]) > 65535) throw new InvalidSipUriError(uri);
    port = Number(m[1]);
    i += m[0].length;
  }
  const params = rest.slice(i);
  if (!PARAMS.test(params)) throw new InvalidSipUriError(uri);
  return { scheme: schemeText, user, host, port, params };
}

/** As sent in a Request-URI: host as written, port as a number. */
export function rawSipUri(u: SipUri): string {
  return `${u.scheme}:${u.user}@${u.host}${u.port === undefined ? "" : `:${u.port}`}${u.params}`;
}

/** As put inside a name-addr (From, To): scheme and host in lower case (RFC 3261 §19.1.4). */
export function normalSipUri(u: SipUri): string {
  return `${u.scheme}:${u.user}@${u.host.toLowerCase()}${u.port === undefined ? "" : `:${u.port}`}${u.params}`;
}
