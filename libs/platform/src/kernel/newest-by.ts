/**
 * Of a batch of updates, the newest per key (by `at`; of equal times the later
 * one): what an upsert of "the latest known state" writes, once per key, before
 * its `WHERE stored.ts <= EXCLUDED.ts` keeps an older update from overwriting a newer.
 */
export function newestBy<T>(items: readonly T[], key: (item: T) => string, at: (item: T) => number): T[] {
  const newest = new Map<string, T>();
  for (const item of items) {
    const seen = newest.get(key(item));
    if (seen === undefined || at(seen) <= at(item)) newest.set(key(item), item);
  }
  return [...newest.values()];
}
