import { bucketOf, type BucketPlan } from './bucket-plan';

/**
 * What a bucket shows, chosen by the caller: the average, the extremes, the latest
 * value, or the min/max envelope (both extremes: a chart drawn from it never hides
 * a spike, however many readings a pixel holds).
 */
export const AGGREGATIONS = ['avg', 'min', 'max', 'last', 'envelope'] as const;
export type Aggregation = (typeof AGGREGATIONS)[number];

/** The aggregates of one metric over one bucket, as the store computes them. */
export interface BucketAggregate {
  /** bucket start, epoch ms */
  readonly start: number;
  readonly count: number;
  readonly min: number;
  readonly max: number;
  readonly sum: number;
  readonly last: number;
}

export type BucketPoint =
  | { readonly t: number; readonly count: number; readonly value: number }
  | { readonly t: number; readonly count: number; readonly min: number; readonly max: number };

export function bucketPoint(agg: Aggregation, b: BucketAggregate): BucketPoint {
  switch (agg) {
    case 'avg':
      return { t: b.start, count: b.count, value: b.sum / b.count };
    case 'min':
      return { t: b.start, count: b.count, value: b.min };
    case 'max':
      return { t: b.start, count: b.count, value: b.max };
    case 'last':
      return { t: b.start, count: b.count, value: b.last };
    case 'envelope':
      return { t: b.start, count: b.count, min: b.min, max: b.max };
  }
}

/**
 * The aggregates of in-memory samples under a plan (empty buckets left out): what
 * the store must answer for the same samples. Used by tests and replays.
 */
export function aggregateSamples(samples: ReadonlyArray<{ readonly ts: number; readonly value: number }>, plan: Pick<BucketPlan, 'bucketMs'>): BucketAggregate[] {
  const byStart = new Map<number, { start: number; count: number; min: number; max: number; sum: number; last: number; lastTs: number }>();
  for (const s of samples) {
    const start = bucketOf(s.ts, plan.bucketMs);
    const b = byStart.get(start);
    if (!b) {
      byStart.set(start, { start, count: 1, min: s.value, max: s.value, sum: s.value, last: s.value, lastTs: s.ts });
      continue;
    }
    b.count += 1;
    b.min = Math.min(b.min, s.value);
    b.max = Math.max(b.max, s.value);
    b.sum += s.value;
    if (s.ts >= b.lastTs) {
      b.lastTs = s.ts;
      b.last = s.value;
    }
  }
  return [...byStart.values()].sort((a, b) => a.start - b.start).map(({ lastTs: _l, ...b }) => b);
}
