// The EAC's MWI delivery page: is every gateway taking NOTIFYs, what failed and why, and how
// many NOTIFYs went out per minute over the last hour.
import * as data from "../data/mwi-delivery-health";

export interface GatewayHealthDto {
  id: string;
  name: string;
  address: string;
  port: number;
  status: string;
  messageWaitingIndicatorAllowed: boolean;
  lastAttempt: null | { at: string; ok: boolean; result: string };
  /** Over the last hour; null when there were no attempts. */
  successRate: number | null;
  attemptsLastHour: number;
  p50LatencyMs: number | null;
  /** Failed attempts since the last success (capped at CONSECUTIVE_WINDOW). */
  consecutiveFailures: number;
}

export interface DeliveryFailureDto {
  id: string;
  at: string;
  kind: string;
  mailboxId: string | null;
  mailboxName: string | null;
  gatewayName: string | null;
  message: string;
}

export interface RatePointDto {
  /** Start of the minute, ISO. */
  minute: string;
  ok: number;
  failed: number;
}

export interface DeliveryHealthDto {
  generatedAt: string;
  pending: number;
  gateways: GatewayHealthDto[];
  failures: DeliveryFailureDto[];
  /** 60 points, oldest first, the current minute last. */
  rate: RatePointDto[];
}

const HOUR = 3600_000;
const CONSECUTIVE_WINDOW = 100;
const FAILURES = 50;

export async function deliveryHealth(now = new Date()): Promise<DeliveryHealthDto> {
  const since = new Date(now.getTime() - HOUR);
  const [gateways, perMinute, events, failedRows, pending] = await Promise.all([
    data.listGatewaysForHealth(), data.attemptsPerMinuteSince(since),
    data.recentMwiEvents(FAILURES), data.recentFailedOutboxRows(FAILURES), data.countPendingOutbox(),
  ]);

  const gatewayDtos = await Promise.all(gateways.map(async (g): Promise<GatewayHealthDto> => {
    let okCount = 0, failCount = 0;
    for (const m of perMinute) if (m.gatewayId === g.id) { if (m.ok) okCount += m.count; else failCount += m.count; }
    const [median, recent] = await Promise.all([data.medianLatencySince(g.id, since, okCount), data.recentAttempts(g.id, CONSECUTIVE_WINDOW)]);
    const firstOk = recent.findIndex((a) => a.ok);
    const last = recent[0];
    return {
      ...g,
      lastAttempt: last ? {
        at: last.createdAt.toISOString(), ok: last.ok,
        result: last.statusCode ? `${last.statusCode} ${last.reason ?? ""}`.trim() : last.reason ?? "no response",
      } : null,
      attemptsLastHour: okCount + failCount,
      successRate: okCount + failCount > 0 ? okCount / (okCount + failCount) : null,
      p50LatencyMs: median,
      consecutiveFailures: firstOk === -1 ? recent.length : firstOk,
    };
  }));

  // Failed-for-good deliveries raise a DeliveryFailed event; failed rows without one (older
  // versions wrote none) are listed from the outbox so nothing is hidden.
  const gatewayName = new Map(gateways.map((g) => [g.id, g.name]));
  const withEvent = new Set(events.map((e) => e.outboxId).filter(Boolean));
  const failures: Omit<DeliveryFailureDto, "mailboxName">[] = [
    ...events.map((e) => ({
      id: e.id, at: e.at.toISOString(), kind: e.kind, mailboxId: e.mailboxId,
      gatewayName: e.gatewayId ? gatewayName.get(e.gatewayId) ?? null : null, message: e.message,
    })),
    ...failedRows.filter((r) => !withEvent.has(r.id)).map((r) => ({
      id: r.id, at: (r.completedAt ?? r.createdAt).toISOString(), kind: "DeliveryFailed", mailboxId: r.mailboxId,
      gatewayName: null, message: r.lastError ?? "Delivery failed.",
    })),
  ].sort((a, b) => b.at.localeCompare(a.at)).slice(0, FAILURES);
  const names = new Map((await data.mailboxNames([...new Set(failures.map((f) => f.mailboxId).filter((x): x is string => !!x))]))
    .map((m) => [m.id, `${m.displayName} (${m.alias})`]));

  const byMinute = new Map<string, RatePointDto>();
  const startMinute = Math.floor(now.getTime() / 60_000) * 60_000 - 59 * 60_000;
  const rate: RatePointDto[] = [];
  for (let i = 0; i < 60; i++) {
    const p = { minute: new Date(startMinute + i * 60_000).toISOString(), ok: 0, failed: 0 };
    byMinute.set(p.minute.slice(0, 16), p);
    rate.push(p);
  }
  for (const m of perMinute) {
    const p = byMinute.get(m.minute);
    if (p) p[m.ok ? "ok" : "failed"] += m.count;
  }

  return {
    generatedAt: now.toISOString(), pending, gateways: gatewayDtos,
    failures: failures.map((f) => ({ ...f, mailboxName: f.mailboxId ? names.get(f.mailboxId) ?? null : null })),
    rate,
  };
}
