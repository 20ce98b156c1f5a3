import { describe, expect, it } from "vitest";
import { firstRefreshAt, nextRefreshAfterSend, refreshTickMs } from "./refresh-schedule";

const H12 = 12 * 3600_000;

describe("refresh schedule", () => {
  it("re-sends within the last quarter of the period after a send", () => {
    const t = new Date(0);
    expect(nextRefreshAfterSend(t, H12, 0).getTime()).toBe(H12 * 0.75);
    expect(nextRefreshAfterSend(t, H12, 0.999999).getTime()).toBeLessThanOrEqual(H12);
  });

  it("spreads first refreshes evenly over one period", () => {
    const now = new Date(1_000);
    const times = Array.from({ length: 1000 }, (_, i) => firstRefreshAt(now, H12, i / 1000).getTime() - 1_000);
    const perHour = new Array(12).fill(0);
    for (const t of times) perHour[Math.floor(t / 3600_000)]++;
    expect(Math.max(...perHour) - Math.min(...perHour)).toBeLessThanOrEqual(2);
    expect(Math.max(...times)).toBeLessThan(H12);
  });

  it("ticks at a twentieth of the period within sane bounds", () => {
    expect(refreshTickMs(H12)).toBe(10_000);
    expect(refreshTickMs(3_000)).toBe(200);
    expect(refreshTickMs(60_000)).toBe(3_000);
  });
});
