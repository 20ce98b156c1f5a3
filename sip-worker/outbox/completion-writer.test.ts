import { describe, expect, it } from "vitest";
import { CompletionWriter } from "./completion-writer";

describe("CompletionWriter (group commit)", () => {
  it("writes what completes in one turn together, and what completes during a write in the next one", async () => {
    const writes: number[][] = [];
    let release!: () => void;
    let hold = false;
    const writer = new CompletionWriter<number>(async (items) => {
      writes.push(items);
      if (hold) await new Promise<void>((r) => { release = r; });
    });
    await Promise.all([writer.add(1), writer.add(2), writer.add(3)]);
    expect(writes).toEqual([[1, 2, 3]]);

    hold = true;
    const first = writer.add(4);
    await new Promise((r) => setImmediate(r)); // the write of [4] is under way and held
    let laterDone = false;
    const later = [writer.add(5), writer.add(6)].map((p) => p.then(() => { laterDone = true; }));
    await new Promise((r) => setTimeout(r, 10));
    expect(writes).toEqual([[1, 2, 3], [4]]); // no second write while one is running
    expect(laterDone).toBe(false);
    hold = false;
    release();
    await first;
    await Promise.all(later);
    expect(writes).toEqual([[1, 2, 3], [4], [5, 6]]);
  });

  it("rejects exactly the items of a failed write, and writes later ones", async () => {
    let fail = true;
    const written: number[] = [];
    const writer = new CompletionWriter<number>(async (items) => {
      if (fail) throw new Error("SQLITE_BUSY");
      written.push(...items);
    });
    const failed = [writer.add(1), writer.add(2)].map((p) => p.then(() => "ok", (e: Error) => e.message));
    expect(await Promise.all(failed)).toEqual(["SQLITE_BUSY", "SQLITE_BUSY"]);
    fail = false;
    await writer.add(3);
    expect(written).toEqual([3]);
  });
});
