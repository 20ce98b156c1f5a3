// Group commit for finished deliveries: what completes while a write is under way, or within the
// same turn of the event loop, is written together in the next one. Under load, responses from a
// PBX arrive many to one socket read, and one transaction for all of them costs about what one
// costs alone (on SQLite every transaction takes the one write lock, whatever its size). At low
// load a lone item is written at once (next setImmediate): nothing waits for company.
//
// Each `add` resolves when its own item is written, or rejects with the write's error, so the
// caller keeps its row claimed (and its mailbox busy) until the database says it is done.

export class CompletionWriter<T> {
  private queued: { item: T; resolve: () => void; reject: (err: unknown) => void }[] = [];
  private scheduled = false;
  private writing = false;

  constructor(private readonly write: (items: T[]) => Promise<void>) {}

  add(item: T): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queued.push({ item, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.writing) return;
    this.scheduled = true;
    setImmediate(() => void this.flush());
  }

  private async flush(): Promise<void> {
    this.scheduled = false;
    const batch = this.queued;
    this.queued = [];
    if (batch.length === 0) return;
    this.writing = true;
    try {
      await this.write(batch.map((b) => b.item));
      for (const b of batch) b.resolve();
    } catch (err) {
      for (const b of batch) b.reject(err);
    } finally {
      this.writing = false;
      if (this.queued.length > 0) this.schedule();
    }
  }
}
