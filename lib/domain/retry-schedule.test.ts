import { describe, expect, it } from "vitest";
import { nextAttemptAt, retryDelayMs } from "./retry-schedule";

const p = { windowMs: 300_000, baseMs: 2_000, maxMs: 60_000 };

describe("retry schedule", () => {
  it("backs off exponentially with jitter between half and all of the ceiling, capped", () => {
    expect(retryDelayMs(1, p, 0)).toBe(1_000);
    expect(retryDelayMs(1, p, 0.999)).toBeLessThanOrEqual(2_000);
    expect(retryDelayMs(3, p, 0)).toBe(4_000);
    expect(retryDelayMs(20, p, 1)).toBe(60_000);
  });

  it("honours Retry-After when it asks for longer", () => {
    expect(retryDelayMs(1, p, 0, 30_000)).toBe(30_000);
    expect(retryDelayMs(6, p, 1, 1_000)).toBe(60_000);
  });

  it("gives up once the next attempt would fall outside the five-minute window", () => {
    const first = new Date(0);
    expect(nextAttemptAt(first, new Date(100_000), 2, p, 0)).toEqual(new Date(102_000));
    expect(nextAttemptAt(first, new Date(299_500), 2, p, 0)).toBeNull();
  });
});
