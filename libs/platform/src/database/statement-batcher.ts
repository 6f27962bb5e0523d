/** How a StatementBatcher groups: items per statement, statements running at once. */
export interface StatementBatcherOptions {
  /** most items one statement carries; default 1000 */
  readonly maxBatch?: number;
  /** statements in flight at once; items submitted meanwhile wait and share the next one; default 4 */
  readonly maxInFlight?: number;
}

interface Waiting<I, R> {
  readonly item: I;
  readonly resolve: (result: R) => void;
  readonly reject: (err: unknown) => void;
}

/**
 * Coalesces concurrent single-row statements (a primary-key lookup, a one-row
 * update) into one multi-row statement per turn of the event loop: every item
 * submitted while Node reads the sockets that are ready (one poll phase) runs in
 * one statement right after (`setImmediate`). Under load the batches grow by
 * themselves: while `maxInFlight` statements run, new items wait for the next.
 * A thousand devices connecting at once cost a few round trips, not a thousand
 * pool checkouts. `execute` answers one result per item, in the items' order;
 * its failure fails every item of that batch.
 */
export class StatementBatcher<I, R> {
  private pending: Array<Waiting<I, R>> = [];
  private scheduled = false;
  private inFlight = 0;
  private readonly maxBatch: number;
  private readonly maxInFlight: number;

  constructor(
    private readonly execute: (items: readonly I[]) => Promise<readonly R[]>,
    options: StatementBatcherOptions = {},
  ) {
    this.maxBatch = options.maxBatch ?? 1000;
    this.maxInFlight = options.maxInFlight ?? 4;
  }

  /** A batcher of lookups by key: one statement for many keys, each answered with its row or null. */
  static lookups<K, V>(find: (keys: readonly K[]) => Promise<readonly V[]>, keyOf: (row: V) => K, options?: StatementBatcherOptions): StatementBatcher<K, V | null> {
    return new StatementBatcher<K, V | null>(async (keys) => {
      const rows = new Map((await find([...new Set(keys)])).map((row) => [keyOf(row), row]));
      return keys.map((key) => rows.get(key) ?? null);
    }, options);
  }

  submit(item: I): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.pending.length === 0 || this.inFlight >= this.maxInFlight) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.flush();
    });
  }

  private flush(): void {
    while (this.pending.length > 0 && this.inFlight < this.maxInFlight) {
      const batch = this.pending.splice(0, this.maxBatch);
      this.inFlight++;
      void this.run(batch).finally(() => {
        this.inFlight--;
        this.schedule();
      });
    }
  }

  private async run(batch: ReadonlyArray<Waiting<I, R>>): Promise<void> {
    try {
      const results = await this.execute(batch.map((w) => w.item));
      // a programmer error: the statement must answer every item
      if (results.length !== batch.length) throw new RangeError(`a batched statement answered ${results.length} results for ${batch.length} items`);
      batch.forEach((w, i) => w.resolve(results[i]!));
    } catch (err) {
      for (const w of batch) w.reject(err);
    }
  }
}
