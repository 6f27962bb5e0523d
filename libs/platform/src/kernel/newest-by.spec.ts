import { newestBy } from './newest-by';

describe('newestBy', () => {
  it('keeps the newest item per key, the later of equal times, in first-seen key order', () => {
    const items = [
      { k: 'a', ts: 2, v: 1 },
      { k: 'b', ts: 1, v: 2 },
      { k: 'a', ts: 1, v: 3 },
      { k: 'b', ts: 1, v: 4 },
      { k: 'a', ts: 5, v: 5 },
    ];
    expect(newestBy(items, (i) => i.k, (i) => i.ts).map((i) => i.v)).toEqual([5, 4]);
    expect(newestBy([], String, Number)).toEqual([]);
  });
});
