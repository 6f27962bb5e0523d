import { Injectable } from '@nestjs/common';
import { ServiceDatabase } from '@tsunagu/platform';
import type { Aggregation, BucketAggregate, BucketPlan, DeviceKind, ExportCursor, ExportRow, TrackPoint } from '@tsunagu/telemetry-history';
import { devicesTable as D, readingsTable as R, rollupHourTable, rollupMinuteTable, type DeviceRow } from '../telemetry-history.tables';

/** Epoch ms (bigint parameter) to timestamptz, exact to the millisecond. */
const at = (param: string): string => `to_timestamp(${param}::float8 / 1000)`;
const epochMs = (expr: string): string => `(extract(epoch FROM ${expr}) * 1000)::bigint`;

interface AggregateRow {
  start: string;
  count: number;
  min: number;
  max: number;
  sum: number;
  last: number | null;
}

/** Reads of the history: latest values, downsampled buckets, tracks, export pages. */
@Injectable()
export class HistoryRepository {
  constructor(private readonly db: ServiceDatabase) {}

  async device(deviceId: string): Promise<DeviceRow | null> {
    const [row] = await this.db.query(`SELECT ${D.select()} FROM ${D.qualified} WHERE device_id = $1`, [deviceId]);
    return row ? D.parse(row) : null;
  }

  async latest(filter: { kind?: DeviceKind; deviceIds?: readonly string[]; limit: number }): Promise<DeviceRow[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.kind) where.push(`kind = $${params.push(filter.kind)}`);
    if (filter.deviceIds) where.push(`device_id = ANY($${params.push(filter.deviceIds)}::text[])`);
    const rows = await this.db.query(
      `SELECT ${D.select()} FROM ${D.qualified} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY device_id LIMIT $${params.push(filter.limit)}`,
      params,
    );
    return rows.map(D.parse);
  }

  /**
   * One metric of one device in the plan's buckets, from the store the plan names.
   * Buckets are `date_bin` strides from the epoch, so the raw rows and the roll-ups
   * (whose rows never straddle a bucket) answer the same range identically. `last`
   * is computed only when asked for (it needs an ordered aggregate).
   */
  async buckets(deviceId: string, index: number, plan: BucketPlan, agg: Aggregation): Promise<BucketAggregate[]> {
    const to = plan.firstBucket + plan.buckets * plan.bucketMs;
    const params = [deviceId, plan.firstBucket, to, `${plan.bucketMs} milliseconds`, index];
    // grouped by the bucket's timestamptz; epoch ms computed once per bucket, not per row (extract is numeric arithmetic)
    const grouped =
      plan.source === 'raw'
        ? `SELECT date_bin($4::interval, ts, 'epoch'::timestamptz) AS b,
                  count(vals[$5])::int AS count, min(vals[$5]) AS min, max(vals[$5]) AS max, sum(vals[$5]) AS sum,
                  ${agg === 'last' ? '(array_agg(vals[$5] ORDER BY ts DESC, seq DESC))[1]' : 'NULL::float8'} AS last
             FROM ${R.qualified}
            WHERE device_id = $1 AND ts >= ${at('$2')} AND ts < ${at('$3')} AND vals[$5] IS NOT NULL
            GROUP BY 1`
        : `SELECT date_bin($4::interval, bucket, 'epoch'::timestamptz) AS b,
                  sum(n)::int AS count, min(mins[$5]) AS min, max(maxs[$5]) AS max, sum(sums[$5]) AS sum,
                  ${agg === 'last' ? '(array_agg(lasts[$5] ORDER BY last_ts DESC))[1]' : 'NULL::float8'} AS last
             FROM ${(plan.source === 'minute' ? rollupMinuteTable : rollupHourTable).qualified}
            WHERE device_id = $1 AND bucket >= ${at('$2')} AND bucket < ${at('$3')} AND mins[$5] IS NOT NULL
            GROUP BY 1`;
    const sql = `SELECT ${epochMs('g.b')} AS start, g.count, g.min, g.max, g.sum, g.last FROM (${grouped}) g ORDER BY g.b`;
    const rows = await this.db.query<AggregateRow>(sql, params);
    return rows.map((r) => ({ start: Number(r.start), count: r.count, min: r.min, max: r.max, sum: r.sum, last: r.last ?? Number.NaN }));
  }

  /** Positions in [from, to), oldest first; more than `maxRaw` are thinned to one per even time slot first. */
  async track(deviceId: string, from: number, to: number, maxRaw: number): Promise<{ points: TrackPoint[]; raw: number; thinned: boolean }> {
    const [{ n }] = (await this.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${R.qualified} WHERE device_id = $1 AND ts >= ${at('$2')} AND ts < ${at('$3')}`, [
      deviceId,
      from,
      to,
    ])) as [{ n: number }];
    const thinned = n > maxRaw;
    const rows = thinned
      ? await this.db.query<{ t: string; lat: number; lon: number }>(
          `SELECT DISTINCT ON (date_bin($4::interval, ts, 'epoch'::timestamptz)) ${epochMs('ts')} AS t, lat, lon
             FROM ${R.qualified} WHERE device_id = $1 AND ts >= ${at('$2')} AND ts < ${at('$3')}
            ORDER BY date_bin($4::interval, ts, 'epoch'::timestamptz), ts, seq`,
          [deviceId, from, to, `${Math.ceil((to - from) / maxRaw)} milliseconds`],
        )
      : await this.db.query<{ t: string; lat: number; lon: number }>(
          `SELECT ${epochMs('ts')} AS t, lat, lon FROM ${R.qualified} WHERE device_id = $1 AND ts >= ${at('$2')} AND ts < ${at('$3')} ORDER BY ts, seq`,
          [deviceId, from, to],
        );
    return { points: rows.map((r) => ({ ts: Number(r.t), lat: r.lat, lon: r.lon })), raw: n, thinned };
  }

  /**
   * Where an export page ends: the key of its last row, and whether any row
   * follows it (then that key is the next page's cursor). Reads only the primary
   * key's index.
   */
  async pageEnd(deviceId: string, from: number, to: number, after: ExportCursor | null, limit: number): Promise<{ last: ExportCursor | null; more: boolean }> {
    const rows = await this.db.query<{ t: string; seq: string; n: number }>(
      `WITH page AS (
         SELECT ts, seq, row_number() OVER (ORDER BY ts, seq) AS i FROM (
           SELECT ts, seq FROM ${R.qualified}
            WHERE device_id = $1 AND ts >= ${at('$2')} AND ts < ${at('$3')} AND (ts, seq) > (${at('$4')}, $5::bigint)
            ORDER BY ts, seq LIMIT $6::int + 1) keys)
       SELECT ${epochMs('ts')} AS t, seq, (SELECT count(*) FROM page)::int AS n FROM page WHERE i = least($6::int, (SELECT count(*) FROM page))`,
      [deviceId, from, to, after?.ts ?? from - 1, after?.seq ?? -1, limit],
    );
    const [row] = rows;
    return { last: row ? { ts: Number(row.t), seq: Number(row.seq) } : null, more: row ? row.n > limit : false };
  }

  /** Rows after a key (exclusive) up to and including `until`, oldest first, at most `chunk`. */
  async exportChunk(deviceId: string, from: number, to: number, after: ExportCursor | null, until: ExportCursor, chunk: number): Promise<ExportRow[]> {
    const rows = await this.db.query<{ t: string; seq: string; state: string; lat: number; lon: number; vals: Array<number | null>; event: string | null; codes: string | null }>(
      `SELECT ${epochMs('ts')} AS t, seq, state, lat, lon, vals, event, codes FROM ${R.qualified}
        WHERE device_id = $1 AND ts >= ${at('$2')} AND ts < ${at('$3')}
          AND (ts, seq) > (${at('$4')}, $5::bigint) AND (ts, seq) <= (${at('$6')}, $7::bigint)
        ORDER BY ts, seq LIMIT $8`,
      [deviceId, from, to, after?.ts ?? from - 1, after?.seq ?? -1, until.ts, until.seq, chunk],
    );
    return rows.map((r) => ({ deviceId, ts: Number(r.t), seq: Number(r.seq), state: r.state, lat: r.lat, lon: r.lon, vals: r.vals, event: r.event, codes: r.codes }));
  }
}
