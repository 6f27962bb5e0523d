/**
 * Server-side downsampling: how a time range becomes at most `points` buckets, and
 * which store answers them. The bucket width adapts to the range, so every range
 * (a minute or three years) is answerable with the points a chart can draw; a
 * caller never meets an "interval count too high" refusal. Widths are whole
 * seconds below a minute, whole minutes below an hour, whole hours above, so every
 * roll-up row falls inside exactly one bucket and the roll-ups answer exactly what
 * a scan of the raw rows would.
 */

export const SECOND_MS = 1000;
export const MINUTE_MS = 60 * SECOND_MS;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

/** Where the buckets are computed from: the raw readings, or the per-minute / per-hour roll-ups. */
export type BucketSource = 'raw' | 'minute' | 'hour';

export const SOURCE_RESOLUTION_MS: Readonly<Record<BucketSource, number>> = { raw: 1, minute: MINUTE_MS, hour: HOUR_MS };

export interface BucketPlan {
  readonly source: BucketSource;
  /** width of one bucket, ms */
  readonly bucketMs: number;
  /** start of the first bucket: `from` rounded down to a multiple of `bucketMs` since the epoch (UTC) */
  readonly firstBucket: number;
  /** buckets covering [firstBucket, to): never more than the points asked for */
  readonly buckets: number;
}

export interface PlanRequest {
  /** inclusive, epoch ms */
  readonly from: number;
  /** exclusive, epoch ms */
  readonly to: number;
  readonly points: number;
  /**
   * The oldest time each finer store still holds (retention): a range starting
   * before it is answered from a coarser store. Omitted: everything is kept.
   */
  readonly rawSince?: number;
  readonly minuteSince?: number;
}

function alignDown(t: number, step: number): number {
  return Math.floor(t / step) * step;
}

function bucketCount(from: number, to: number, width: number): number {
  return Math.ceil((to - alignDown(from, width)) / width);
}

/** The step a width is rounded to: whole seconds, minutes or hours. */
function stepFor(width: number): number {
  if (width < MINUTE_MS) return SECOND_MS;
  if (width < HOUR_MS) return MINUTE_MS;
  return HOUR_MS;
}

function sourceFor(width: number): BucketSource {
  if (width % HOUR_MS === 0) return 'hour';
  if (width % MINUTE_MS === 0) return 'minute';
  return 'raw';
}

export function planBuckets(req: PlanRequest): BucketPlan {
  const { from, to, points } = req;
  if (!(to > from)) throw new RangeError('to must be after from');
  if (!Number.isInteger(points) || points < 1) throw new RangeError('points must be a positive integer');
  // the finest width the retained stores allow for this range
  let floor = SECOND_MS;
  if (req.rawSince !== undefined && from < req.rawSince) floor = MINUTE_MS;
  if (req.minuteSince !== undefined && from < req.minuteSince) floor = HOUR_MS;
  let width = Math.max(floor, Math.ceil((to - from) / points));
  width = Math.ceil(width / stepFor(width)) * stepFor(width);
  // aligning `from` down can add one bucket: widen by one step until it fits
  while (bucketCount(from, to, width) > points) {
    width += stepFor(width);
    width = Math.ceil(width / stepFor(width)) * stepFor(width);
  }
  // whole minutes take the minute roll-ups, whole hours the hourly ones
  return { source: sourceFor(width), bucketMs: width, firstBucket: alignDown(from, width), buckets: bucketCount(from, to, width) };
}

/** The bucket a time falls in (its start, epoch ms). */
export function bucketOf(ts: number, bucketMs: number): number {
  return alignDown(ts, bucketMs);
}
