import type { DeviceKind } from '@tsunagu/telemetry-history';
import { column, defineTable, type Column, type RowOf } from '@tsunagu/platform';
import { TELEMETRY_HISTORY_SCHEMA } from './telemetry-history.constants';

/**
 * A `double precision[]` column (pg parses float8[] to numbers). The kernel's
 * `column` has no numeric array yet; this is its shape.
 */
const doubleArray = (): Column<Array<number | null>> => ({ pgType: 'ARRAY', isNullable: false, parse: (raw) => raw as Array<number | null> });

/**
 * Every accepted reading, partitioned by UTC day of `ts` (`readings_pYYYYMMDD`,
 * made ahead by the partition job, or on arrival for another day). Primary key
 * (device_id, ts, seq): one row per reading however often it is delivered, and
 * the index of every per-device range read; a BRIN index on ts serves scans
 * across devices at almost no write cost. `vals` are the kind's metrics in
 * catalogue order (@tsunagu/telemetry-history `METRICS`).
 */
export const readingsTable = defineTable(TELEMETRY_HISTORY_SCHEMA, 'readings', {
  deviceId: column.text(),
  ts: column.timestamptz(),
  seq: column.bigint(),
  state: column.text(),
  lat: column.double(),
  lon: column.double(),
  vals: doubleArray(),
  /** vehicles: the event of an event report */
  event: column.text().nullable(),
  /** vehicles: diagnostic trouble codes, comma-separated */
  codes: column.text().nullable(),
});

/** Roll-up columns shared by the minute and hour tables (month partitions of `bucket`). */
const rollupColumns = () => ({
  deviceId: column.text(),
  /** bucket start (UTC minute or hour) */
  bucket: column.timestamptz(),
  /** readings folded in */
  n: column.integer(),
  /** ts of the latest reading in the bucket; `lasts` are its values */
  lastTs: column.timestamptz(),
  mins: doubleArray(),
  maxs: doubleArray(),
  sums: doubleArray(),
  lasts: doubleArray(),
});

export const rollupMinuteTable = defineTable(TELEMETRY_HISTORY_SCHEMA, 'rollup_minute', rollupColumns());
export const rollupHourTable = defineTable(TELEMETRY_HISTORY_SCHEMA, 'rollup_hour', rollupColumns());
export type RollupTable = typeof rollupMinuteTable;

/** Each device's latest reading (newer `ts` wins) and how many readings it has sent: the map and the latest-values route. */
export const devicesTable = defineTable(TELEMETRY_HISTORY_SCHEMA, 'devices', {
  deviceId: column.text(),
  kind: column.text<DeviceKind>(),
  model: column.text(),
  firstTs: column.timestamptz(),
  lastTs: column.timestamptz(),
  lastSeq: column.bigint(),
  state: column.text(),
  lat: column.double(),
  lon: column.double(),
  vals: doubleArray(),
  readings: column.bigint(),
  updatedAt: column.timestamptz(),
});
export type DeviceRow = RowOf<typeof devicesTable>;

export const TELEMETRY_HISTORY_TABLES = [readingsTable, rollupMinuteTable, rollupHourTable, devicesTable] as const;

/**
 * The partitioned tables, the unit of their partitions, which retention applies,
 * and the fillfactor of their partitions: roll-up rows are updated by every batch
 * that touches their bucket, so their pages keep room for HOT updates; readings
 * are only ever inserted.
 */
export const PARTITIONED = [
  { table: readingsTable, unit: 'day', retention: 'raw', fillfactor: 100 },
  { table: rollupMinuteTable, unit: 'month', retention: 'minute', fillfactor: 70 },
  { table: rollupHourTable, unit: 'month', retention: 'hour', fillfactor: 70 },
] as const;
