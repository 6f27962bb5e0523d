import { bucketOf } from './bucket-plan';
import type { StoredReading } from './metric-catalogue';

/**
 * The roll-up of one device over one bucket (a minute or an hour): per metric the
 * minimum, maximum and sum (the average is sum / count), the count of readings,
 * and the values of its latest reading. Roll-ups merge associatively, so the rows
 * of a batch fold into one partial per bucket, and a partial folds into the stored
 * row in the same transaction as the raw rows (an upsert): a long range is then
 * answered from these rows without reading the raw ones.
 */
export interface Rollup {
  readonly deviceId: string;
  /** bucket start, epoch ms */
  readonly bucket: number;
  readonly count: number;
  readonly mins: number[];
  readonly maxs: number[];
  readonly sums: number[];
  /** ts of the latest reading in the bucket, and its values */
  readonly lastTs: number;
  readonly lasts: number[];
}

/** `lasts` shares the reading's array (never mutated: a later reading replaces it whole). */
function fromReading(r: StoredReading, bucket: number): Acc {
  return { deviceId: r.deviceId, bucket, count: 1, mins: [...r.vals], maxs: [...r.vals], sums: [...r.vals], lastTs: r.ts, lasts: r.vals as number[] };
}

/** `a` with `b` folded in (a new object; neither input changes). Same device and bucket. */
export function mergeRollups(a: Rollup, b: Rollup): Rollup {
  const n = Math.max(a.mins.length, b.mins.length);
  const mins: number[] = [];
  const maxs: number[] = [];
  const sums: number[] = [];
  for (let i = 0; i < n; i++) {
    mins.push(pick(a.mins[i], b.mins[i], Math.min));
    maxs.push(pick(a.maxs[i], b.maxs[i], Math.max));
    sums.push(pick(a.sums[i], b.sums[i], (x, y) => x + y));
  }
  const bLater = b.lastTs >= a.lastTs;
  return {
    deviceId: a.deviceId,
    bucket: a.bucket,
    count: a.count + b.count,
    mins,
    maxs,
    sums,
    lastTs: bLater ? b.lastTs : a.lastTs,
    lasts: bLater ? [...b.lasts] : [...a.lasts],
  };
}

function pick(x: number | undefined, y: number | undefined, f: (x: number, y: number) => number): number {
  if (x === undefined) return y!;
  if (y === undefined) return x;
  return f(x, y);
}

type Acc = { -readonly [K in keyof Rollup]: Rollup[K] };

/**
 * The readings of a batch folded into one roll-up per (device, bucket), in the
 * order the buckets first appear. Mutates only the partials it creates. A
 * device's readings mostly fall in the bucket of its previous one, so that
 * bucket is checked first (profiled: keying every reading by a fresh string was
 * the largest cost of this function).
 */
export function foldRollups(readings: readonly StoredReading[], bucketMs: number): Rollup[] {
  const out: Acc[] = [];
  const byDevice = new Map<string, { last: Acc; buckets: Map<number, Acc> }>();
  for (const r of readings) {
    const bucket = bucketOf(r.ts, bucketMs);
    const device = byDevice.get(r.deviceId);
    let acc = device && device.last.bucket === bucket ? device.last : device?.buckets.get(bucket);
    if (!acc) {
      acc = fromReading(r, bucket);
      out.push(acc);
      if (device) {
        device.buckets.set(bucket, acc);
        device.last = acc;
      } else byDevice.set(r.deviceId, { last: acc, buckets: new Map([[bucket, acc]]) });
      continue;
    }
    if (device) device.last = acc;
    acc.count += 1;
    const { mins, maxs, sums } = acc;
    for (let i = 0; i < r.vals.length; i++) {
      const v = r.vals[i]!;
      if (i >= mins.length) {
        mins.push(v);
        maxs.push(v);
        sums.push(v);
        continue;
      }
      if (v < mins[i]!) mins[i] = v;
      if (v > maxs[i]!) maxs[i] = v;
      sums[i] = sums[i]! + v;
    }
    if (r.ts >= acc.lastTs) {
      acc.lastTs = r.ts;
      acc.lasts = r.vals as number[];
    }
  }
  return out;
}
