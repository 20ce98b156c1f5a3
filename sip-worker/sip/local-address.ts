// The address this worker puts in Via sent-by and Contact (RFC 3261 §18.1.1, §8.1.1.8): where a
// peer can reach us again. It must be routable from the PBX, so a wildcard bind address is
// replaced by a real interface address unless SIP_ADVERTISED_ADDRESS says otherwise.
import os from "node:os";
import net from "node:net";

export interface LocalSipAddress {
  /** host as it appears in a SIP URI or Via (IPv6 in brackets) */
  host: string;
  port: number;
}

function firstExternalIPv4(): string | undefined {
  for (const addrs of Object.values(os.networkInterfaces())) {
    for (const a of addrs ?? []) if (a.family === "IPv4" && !a.internal) return a.address;
  }
  return undefined;
}

/** RFC 3261 §25.1: an IPv6 reference in a SIP URI or Via is written in brackets. */
export function sipHost(address: string): string {
  return net.isIPv6(address) ? `[${address}]` : address;
}

export function localSipAddress(opts: { advertised?: string; bind: string; port: number }): LocalSipAddress {
  let address = opts.advertised;
  if (!address) {
    const wildcard = opts.bind === "0.0.0.0" || opts.bind === "::" || opts.bind === "";
    address = wildcard ? (firstExternalIPv4() ?? "127.0.0.1") : opts.bind;
  }
  return { host: sipHost(address), port: opts.port };
}
