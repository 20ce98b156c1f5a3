// Via header values (RFC 3261 §20.42). sip.js keeps the raw lines but, when one line carries
// several comma-separated values, its parsed `via`/`viaBranch` describe the LAST value instead of
// the topmost one. Transaction matching (§17.1.3, §17.2.3) and the received/rport rules (§18.2.1,
// RFC 3581) need the topmost value, so it is read here.

export interface ViaValue {
  /** the value as received, e.g. "SIP/2.0/TCP 192.0.2.10:5060;branch=z9hG4bK..." */
  raw: string;
  transport: string;
  host: string;
  port?: number;
  params: Map<string, string | null>;
  branch?: string;
}

/** Splits a header line into its comma-separated values, ignoring commas inside quotes or <>. */
export function splitHeaderValues(line: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === "\\") i++;
      else if (c === '"') quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === "<") depth++;
    else if (c === ">") depth = Math.max(0, depth - 1);
    else if (c === "," && depth === 0) {
      out.push(line.slice(start, i).trim());
      start = i + 1;
    }
  }
  out.push(line.slice(start).trim());
  return out.filter((v) => v.length > 0);
}

export function parseViaValue(raw: string): ViaValue | null {
  const m = /^SIP[ \t]*\/[ \t]*2\.0[ \t]*\/[ \t]*([A-Za-z0-9-]+)[ \t]+(\[[0-9A-Fa-f:.]+\]|[^;:\s]+)(?:[ \t]*:[ \t]*(\d{1,5}))?[ \t]*(;.*)?$/i
    .exec(raw.trim());
  if (!m) return null;
  const params = new Map<string, string | null>();
  for (const p of (m[4] ?? "").split(";").map((s) => s.trim()).filter(Boolean)) {
    const eq = p.indexOf("=");
    params.set((eq < 0 ? p : p.slice(0, eq)).trim().toLowerCase(), eq < 0 ? null : p.slice(eq + 1).trim());
  }
  return {
    raw: raw.trim(),
    transport: m[1].toUpperCase(),
    host: m[2],
    port: m[3] ? Number(m[3]) : undefined,
    params,
    branch: params.get("branch") ?? undefined,
  };
}

/** All Via values of a message, topmost first, from its raw Via header lines. */
export function viaValues(rawLines: readonly string[]): string[] {
  return rawLines.flatMap(splitHeaderValues);
}

export function topVia(rawLines: readonly string[]): ViaValue | null {
  const first = viaValues(rawLines)[0];
  return first === undefined ? null : parseViaValue(first);
}
