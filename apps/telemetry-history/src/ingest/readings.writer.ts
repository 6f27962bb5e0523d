import { Inject, Injectable } from '@nestjs/common';
import { pgNumberRows, pgNumbers, pgTexts, PG_UNIQUE_VIOLATION, PLATFORM_TOKENS, TransientError, type Clock, type Metrics, type Tx } from '@tsunagu/platform';
import { foldRollups, HOUR_MS, MINUTE_MS, retentionCutoff, type Rollup, type StoredReading } from '@tsunagu/telemetry-history';
import { PartitionManager } from '../storage/partition-manager';
import type { TelemetryHistoryOptions } from '../telemetry-history.config';
import { TELEMETRY_HISTORY_TOKENS } from '../telemetry-history.constants';
import { devicesTable as D, readingsTable as R, rollupHourTable, rollupMinuteTable, type RollupTable } from '../telemetry-history.tables';

const PG_CHECK_VIOLATION = '23514';

/** Epoch ms (bigint parameter) to timestamptz, exact to the millisecond. */
const ts = (expr: string): string => `to_timestamp(${expr}::float8 / 1000)`;

/**
 * The values of row `o` (1-based ordinality) out of one flat float8[] parameter of
 * rows × width values: one parameter however many metrics a kind has, sliced per
 * row (a fixed-width, null-free array slices by offset arithmetic).
 */
const slice = (param: string, width: string): string => `(${param}::float8[])[(u.o - 1) * ${width} + 1 : u.o * ${width}]`;

const READINGS_COLUMNS = `${R.qualified} (device_id, ts, seq, state, lat, lon, vals, event, codes)
  SELECT u.d, ${ts('u.t')}, u.s, u.st, u.la, u.lo, ${slice('$9', '$10')}, u.ev, u.co
    FROM unnest($1::text[], $2::bigint[], $3::bigint[], $4::text[], $5::float8[], $6::float8[], $7::text[], $8::text[]) WITH ORDINALITY AS u(d, t, s, st, la, lo, ev, co, o)`;

/** The common case: every reading is new (a plain INSERT, no speculative insertion, nothing returned). */
const INSERT_READINGS = `INSERT INTO ${READINGS_COLUMNS}`;

/** After a unique violation (a device resent readings): insert the new ones, say which they were. */
const INSERT_NEW_READINGS = `INSERT INTO ${READINGS_COLUMNS}
  ON CONFLICT DO NOTHING
  RETURNING device_id, seq, (extract(epoch FROM ts) * 1000)::bigint AS t`;

/**
 * The roll-up upsert for rows of `width` values: the element-wise merge written
 * out per element with built-in `least`/`greatest`/`+` (a stored row shorter than
 * the batch's, from before a metric was appended, takes the batch's value), so no
 * function runs per row (profiled: an element-wise SQL function, unnest and
 * array_agg per call, cost most of the upsert's time).
 */
function upsertRollups(table: RollupTable, width: number, base: number): string {
  const each = (f: (i: number) => string): string => `ARRAY[${Array.from({ length: width }, (_, k) => f(k + 1)).join(', ')}]`;
  const $ = (i: number): string => `$${base + i}`;
  return `
  INSERT INTO ${table.qualified} AS r (device_id, bucket, n, last_ts, mins, maxs, sums, lasts)
  SELECT u.d, ${ts('u.b')}, u.n, ${ts('u.l')}, ${slice($(5), $(9))}, ${slice($(6), $(9))}, ${slice($(7), $(9))}, ${slice($(8), $(9))}
    FROM unnest(${$(1)}::text[], ${$(2)}::bigint[], ${$(3)}::int[], ${$(4)}::bigint[]) WITH ORDINALITY AS u(d, b, n, l, o)
  ON CONFLICT (device_id, bucket) DO UPDATE SET
    n = r.n + excluded.n,
    mins = ${each((i) => `least(r.mins[${i}], excluded.mins[${i}])`)},
    maxs = ${each((i) => `greatest(r.maxs[${i}], excluded.maxs[${i}])`)},
    sums = ${each((i) => `coalesce(r.sums[${i}] + excluded.sums[${i}], excluded.sums[${i}])`)},
    lasts = CASE WHEN excluded.last_ts >= r.last_ts THEN excluded.lasts ELSE r.lasts END,
    last_ts = greatest(r.last_ts, excluded.last_ts)`;
}

/** Parameters of one roll-up upsert, and of the devices upsert. */
const ROLLUP_PARAMS = 9;

const upsertDevices = (base: number): string => {
  const $ = (i: number): string => `$${base + i}`;
  return `
  INSERT INTO ${D.qualified} AS d (device_id, kind, model, first_ts, last_ts, last_seq, state, lat, lon, vals, readings, updated_at)
  SELECT u.d, u.k, u.m, ${ts('u.f')}, ${ts('u.l')}, u.s, u.st, u.la, u.lo, ${slice($(11), $(12))}, u.n, now()
    FROM unnest(${$(1)}::text[], ${$(2)}::text[], ${$(3)}::text[], ${$(4)}::bigint[], ${$(5)}::bigint[], ${$(6)}::bigint[], ${$(7)}::text[], ${$(8)}::float8[], ${$(9)}::float8[], ${$(10)}::bigint[]) WITH ORDINALITY AS u(d, k, m, f, l, s, st, la, lo, n, o)
  ON CONFLICT (device_id) DO UPDATE SET
    readings = d.readings + excluded.readings,
    first_ts = least(d.first_ts, excluded.first_ts),
    model = excluded.model,
    last_seq = CASE WHEN excluded.last_ts >= d.last_ts THEN excluded.last_seq ELSE d.last_seq END,
    state = CASE WHEN excluded.last_ts >= d.last_ts THEN excluded.state ELSE d.state END,
    lat = CASE WHEN excluded.last_ts >= d.last_ts THEN excluded.lat ELSE d.lat END,
    lon = CASE WHEN excluded.last_ts >= d.last_ts THEN excluded.lon ELSE d.lon END,
    vals = CASE WHEN excluded.last_ts >= d.last_ts THEN excluded.vals ELSE d.vals END,
    last_ts = greatest(d.last_ts, excluded.last_ts),
    updated_at = now()`;
};

/** The minute and hour roll-ups and the latest values in one statement (one round trip, one plan per batch). */
const upsertDerived = (width: number): string =>
  `WITH minute AS (${upsertRollups(rollupMinuteTable, width, 0)}), hour AS (${upsertRollups(rollupHourTable, width, ROLLUP_PARAMS)}) ${upsertDevices(2 * ROLLUP_PARAMS)}`;

export interface WriteOutcome {
  readonly stored: number;
  /** the same reading (device, ts, seq) stored before: a device resend */
  readonly duplicates: number;
  /** older than the raw retention on arrival: not stored */
  readonly expired: number;
}

/**
 * The write path of one batch, in the consumer's transaction: the raw rows (one
 * multi-row INSERT; a reading stored before is skipped by its key), then, in one
 * statement, the minute and hour roll-ups of exactly the rows that were new and
 * each device's latest reading (three upserts as data-modifying CTEs). The
 * kernel stores the offset in the same transaction, so a batch is either wholly
 * kept (rows, roll-ups, offset) or not at all: a restart neither loses nor
 * double-counts a reading.
 */
@Injectable()
export class ReadingsWriter {
  private readonly outcomes;
  /** the derived-rows statement by width (a kind's metric count) */
  private readonly derivedSql = new Map<number, string>();

  constructor(
    private readonly partitions: PartitionManager,
    @Inject(TELEMETRY_HISTORY_TOKENS.options) private readonly options: TelemetryHistoryOptions,
    @Inject(PLATFORM_TOKENS.clock) private readonly clock: Clock,
    @Inject(PLATFORM_TOKENS.metrics) metrics: Metrics,
  ) {
    this.outcomes = metrics.counter('telemetry_history_readings_total', 'readings written to the history, by outcome', ['outcome']);
  }

  async write(tx: Tx, batch: readonly StoredReading[]): Promise<WriteOutcome> {
    const cutoff = retentionCutoff(this.clock.now(), this.options.retentionDays.raw);
    const readings = batch.filter((r) => r.ts >= cutoff);
    const expired = batch.length - readings.length;
    if (readings.length === 0) return this.count({ stored: 0, duplicates: 0, expired });
    await this.partitions.ensureFor(readings.map((r) => r.ts));
    const fresh = await this.insertReadings(tx, readings);
    if (fresh.length > 0) {
      const width = fresh[0]!.vals.length;
      if (!this.derivedSql.has(width)) this.derivedSql.set(width, upsertDerived(width));
      await tx.query(this.derivedSql.get(width)!, [...rollupParams(foldRollups(fresh, MINUTE_MS), width), ...rollupParams(foldRollups(fresh, HOUR_MS), width), ...deviceParams(fresh)]);
    }
    return this.count({ stored: fresh.length, duplicates: readings.length - fresh.length, expired });
  }

  private count(o: WriteOutcome): WriteOutcome {
    if (o.stored) this.outcomes.inc({ outcome: 'stored' }, o.stored);
    if (o.duplicates) this.outcomes.inc({ outcome: 'duplicate' }, o.duplicates);
    if (o.expired) this.outcomes.inc({ outcome: 'expired' }, o.expired);
    return o;
  }

  /**
   * Inserts the rows; returns the ones that were new (in batch order). Profiled:
   * `ON CONFLICT DO NOTHING … RETURNING` costs about twice a plain INSERT, and
   * repeats are rare (a device resending after a reconnect), so the plain INSERT
   * goes first under a savepoint and only a unique violation takes the slow path.
   */
  private async insertReadings(tx: Tx, readings: readonly StoredReading[]): Promise<StoredReading[]> {
    const width = readings[0]!.vals.length;
    for (const r of readings) {
      if (r.vals.length !== width) throw new RangeError(`readings of one batch carry ${width} values each; ${r.deviceId} has ${r.vals.length}`);
    }
    const params = [
      pgTexts(readings.map((r) => r.deviceId)),
      pgNumbers(readings.map((r) => r.ts)),
      pgNumbers(readings.map((r) => r.seq)),
      pgTexts(readings.map((r) => r.state)),
      pgNumbers(readings.map((r) => r.lat)),
      pgNumbers(readings.map((r) => r.lon)),
      pgTexts(readings.map((r) => r.event)),
      pgTexts(readings.map((r) => r.codes)),
      pgNumberRows(readings, (r) => r.vals),
      width,
    ];
    await tx.query('SAVEPOINT readings');
    try {
      await tx.query(INSERT_READINGS, params);
      await tx.query('RELEASE SAVEPOINT readings');
      return [...readings];
    } catch (err) {
      await tx.query('ROLLBACK TO SAVEPOINT readings');
      const code = (err as { code?: string }).code;
      // a partition dropped behind the cache's back (another instance, by hand): learn it again and retry the batch
      if (code === PG_CHECK_VIOLATION && /no partition/i.test((err as Error).message)) {
        this.partitions.forget();
        throw new TransientError('a partition was missing; retrying the batch', err);
      }
      if (code !== PG_UNIQUE_VIOLATION) throw err;
    }
    const inserted = await tx.query<{ device_id: string; seq: string; t: string }>(INSERT_NEW_READINGS, params);
    const isNew = new Set(inserted.map((r) => `${r.device_id}\u0000${r.seq}\u0000${r.t}`));
    const fresh: StoredReading[] = [];
    for (const r of readings) {
      // a reading repeated inside the batch is inserted once: count it once
      if (isNew.delete(`${r.deviceId}\u0000${r.seq}\u0000${r.ts}`)) fresh.push(r);
    }
    return fresh;
  }
}

function rollupParams(rollups: readonly Rollup[], width: number): unknown[] {
  const flat = (pick: (r: Rollup) => readonly number[]): string => pgNumberRows(rollups, pick);
  return [
    pgTexts(rollups.map((r) => r.deviceId)),
    pgNumbers(rollups.map((r) => r.bucket)),
    pgNumbers(rollups.map((r) => r.count)),
    pgNumbers(rollups.map((r) => r.lastTs)),
    flat((r) => r.mins),
    flat((r) => r.maxs),
    flat((r) => r.sums),
    flat((r) => r.lasts),
    width,
  ];
}

/** Each device's newest fresh reading, how many fresh readings it has, and its earliest. */
function deviceParams(fresh: readonly StoredReading[]): unknown[] {
  const latest = new Map<string, { r: StoredReading; first: number; n: number }>();
  for (const r of fresh) {
    const d = latest.get(r.deviceId);
    if (!d) latest.set(r.deviceId, { r, first: r.ts, n: 1 });
    else {
      d.n += 1;
      d.first = Math.min(d.first, r.ts);
      if (r.ts >= d.r.ts) d.r = r;
    }
  }
  const rows = [...latest.values()];
  return [
    pgTexts(rows.map((d) => d.r.deviceId)),
    pgTexts(rows.map((d) => d.r.kind)),
    pgTexts(rows.map((d) => d.r.model)),
    pgNumbers(rows.map((d) => d.first)),
    pgNumbers(rows.map((d) => d.r.ts)),
    pgNumbers(rows.map((d) => d.r.seq)),
    pgTexts(rows.map((d) => d.r.state)),
    pgNumbers(rows.map((d) => d.r.lat)),
    pgNumbers(rows.map((d) => d.r.lon)),
    pgNumbers(rows.map((d) => d.n)),
    pgNumberRows(rows, (d) => d.r.vals),
    rows[0]!.r.vals.length,
  ];
}
