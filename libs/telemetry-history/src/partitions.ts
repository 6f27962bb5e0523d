import { DAY_MS } from './bucket-plan';

/**
 * Time partitions (PostgreSQL declarative range partitioning): one table per UTC
 * day or month. Retention drops whole partitions (no DELETE, no vacuum debt): a
 * partition goes once all of it is older than the retention.
 */
export type PartitionUnit = 'day' | 'month';

export interface PartitionRange {
  /** `<table>_p20261129` (day) or `<table>_p202611` (month) */
  readonly name: string;
  /** inclusive, epoch ms (UTC midnight) */
  readonly from: number;
  /** exclusive */
  readonly to: number;
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

export function partitionOf(table: string, unit: PartitionUnit, ts: number): PartitionRange {
  const d = new Date(ts);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth();
  if (unit === 'day') {
    const from = Date.UTC(y, m, d.getUTCDate());
    return { name: `${table}_p${y}${pad(m + 1)}${pad(d.getUTCDate())}`, from, to: from + DAY_MS };
  }
  return { name: `${table}_p${y}${pad(m + 1)}`, from: Date.UTC(y, m, 1), to: Date.UTC(y, m + 1, 1) };
}

/** The distinct partitions some times fall in. */
export function partitionsFor(table: string, unit: PartitionUnit, times: Iterable<number>): PartitionRange[] {
  const byName = new Map<string, PartitionRange>();
  for (const ts of times) {
    const p = partitionOf(table, unit, ts);
    if (!byName.has(p.name)) byName.set(p.name, p);
  }
  return [...byName.values()];
}

/** The partitions from `now`'s to `aheadDays` days later (made before the readings arrive). */
export function partitionsAhead(table: string, unit: PartitionUnit, now: number, aheadDays: number): PartitionRange[] {
  const times: number[] = [];
  for (let d = 0; d <= aheadDays; d++) times.push(now + d * DAY_MS);
  return partitionsFor(table, unit, times);
}

/** Readings older than this are past the retention (epoch ms). */
export function retentionCutoff(now: number, retentionDays: number): number {
  return now - retentionDays * DAY_MS;
}

/** The partitions wholly older than the retention, oldest first. */
export function partitionsToDrop(existing: readonly PartitionRange[], now: number, retentionDays: number): PartitionRange[] {
  const cutoff = retentionCutoff(now, retentionDays);
  return existing.filter((p) => p.to <= cutoff).sort((a, b) => a.from - b.from);
}

/** The range of a partition from its name, or null for a name that is not one of ours. */
export function parsePartitionName(table: string, name: string): PartitionRange | null {
  const m = new RegExp(`^${table}_p(\\d{4})(\\d{2})(\\d{2})?$`).exec(name);
  if (!m) return null;
  const [y, mo, day] = [Number(m[1]), Number(m[2]) - 1, m[3] ? Number(m[3]) : null];
  const p = partitionOf(table, day === null ? 'month' : 'day', Date.UTC(y, mo, day ?? 1));
  return p.name === name ? p : null;
}
