import { StatementBatcher } from './statement-batcher';

describe('StatementBatcher', () => {
  it('runs the items submitted in one turn as one statement, each answered in order', async () => {
    const statements: number[][] = [];
    const batcher = new StatementBatcher<number, number>(async (items) => {
      statements.push([...items]);
      return items.map((n) => n * 2);
    });
    const results = await Promise.all([1, 2, 3].map((n) => batcher.submit(n)));
    expect(results).toEqual([2, 4, 6]);
    expect(statements).toEqual([[1, 2, 3]]);
  });

  it('splits at maxBatch and lets items wait while maxInFlight statements run', async () => {
    const statements: number[][] = [];
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    const batcher = new StatementBatcher<number, number>(
      async (items) => {
        statements.push([...items]);
        await gate;
        return items;
      },
      { maxBatch: 2, maxInFlight: 1 },
    );
    const first = Promise.all([1, 2, 3].map((n) => batcher.submit(n)));
    await new Promise((r) => setImmediate(r));
    const later = Promise.all([4, 5].map((n) => batcher.submit(n)));
    release();
    expect(await first).toEqual([1, 2, 3]);
    expect(await later).toEqual([4, 5]);
    // [3] waited for the statement in flight and took the items that came meanwhile
    expect(statements).toEqual([[1, 2], [3, 4], [5]]);
  });

  it('answers lookups by key with the row or null, each key once in the statement', async () => {
    const asked: string[][] = [];
    const lookups = StatementBatcher.lookups(
      async (ids: readonly string[]) => {
        asked.push([...ids]);
        return ids.filter((id) => id !== 'missing').map((id) => ({ id, n: id.length }));
      },
      (row) => row.id,
    );
    const results = await Promise.all(['a', 'missing', 'a', 'bb'].map((id) => lookups.submit(id)));
    expect(results).toEqual([{ id: 'a', n: 1 }, null, { id: 'a', n: 1 }, { id: 'bb', n: 2 }]);
    expect(asked).toEqual([['a', 'missing', 'bb']]);
  });

  it('fails every item of a failed statement, and the next batch runs anew', async () => {
    let fail = true;
    const batcher = new StatementBatcher<number, number>(async (items) => {
      if (fail) throw new Error('database unavailable');
      return items;
    });
    await expect(Promise.all([batcher.submit(1), batcher.submit(2)])).rejects.toThrow('database unavailable');
    fail = false;
    expect(await batcher.submit(3)).toBe(3);
  });
});
