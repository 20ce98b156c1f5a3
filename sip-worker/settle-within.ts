/**
 * Waits for `work` to settle, but no longer than `graceMs` (shutdown: in-flight deliveries get a
 * grace period, then their leases cover them). Never rejects.
 */
export async function settleWithin(work: Iterable<Promise<unknown>>, graceMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    Promise.allSettled([...work]),
    new Promise<void>((resolve) => { timer = setTimeout(resolve, graceMs); }),
  ]);
  clearTimeout(timer);
}
