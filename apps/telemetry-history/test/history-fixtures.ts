import type { MachineTelemetryV1 } from '@tsunagu/contracts';
import { syntheticSeries } from '@tsunagu/operation-analysis';

/**
 * Machine readings whose coolant values are multiples of 1/4 (exact in binary
 * floating point), so every sum, hence every average, is exact whatever order a
 * database adds them in: the expected buckets can be compared with `toEqual`.
 */
export function exactSeries(deviceId: string, opts: { startTs: number; count: number; intervalSec?: number; startSeq?: number; model?: string }): MachineTelemetryV1[] {
  return syntheticSeries({
    deviceId,
    model: opts.model ?? 'excavator-20t',
    startTs: opts.startTs,
    count: opts.count,
    intervalSec: opts.intervalSec ?? 5,
    startSeq: opts.startSeq ?? 0,
    values: (i) => ({ coolantTempC: coolantAt((opts.startSeq ?? 0) + i), hydraulicTempC: 60 + ((((opts.startSeq ?? 0) + i) * 13) % 40) / 2 }),
  });
}

/** A coolant curve: slow waves with a climb, in quarter degrees. */
export function coolantAt(i: number): number {
  return 80 + ((i * 37) % 97) / 4 + Math.floor(i / 200);
}

export interface ExpectedBucket {
  t: number;
  count: number;
  min: number;
  max: number;
  avg: number;
  last: number;
  /** exact (quarter values) */
  sum: number;
}

/** Buckets of `bucketMs` from the epoch, computed here without the library under test. */
export function expectedBuckets(readings: ReadonlyArray<{ ts: number; value: number }>, bucketMs: number): ExpectedBucket[] {
  const groups = new Map<number, Array<{ ts: number; value: number }>>();
  for (const r of readings) {
    const t = Math.floor(r.ts / bucketMs) * bucketMs;
    if (!groups.has(t)) groups.set(t, []);
    groups.get(t)!.push(r);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => a - b)
    .map(([t, rs]) => {
      let sum = 0;
      for (const r of rs) sum += r.value;
      const latest = rs.reduce((a, b) => (b.ts >= a.ts ? b : a));
      return { t, count: rs.length, min: Math.min(...rs.map((r) => r.value)), max: Math.max(...rs.map((r) => r.value)), avg: sum / rs.length, last: latest.value, sum };
    });
}

/** The buckets of a history answer per aggregation, merged into one list for comparison. */
export function mergeAnswers(answers: Record<'min' | 'max' | 'avg' | 'last', { points: Array<{ t: number; count: number; value: number }> }>): Array<Omit<ExpectedBucket, 'sum'>> {
  return answers.min.points.map((p, i) => ({
    t: p.t,
    count: p.count,
    min: p.value,
    max: answers.max.points[i]!.value,
    avg: answers.avg.points[i]!.value,
    last: answers.last.points[i]!.value,
  }));
}
