import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The telemetry history's schema: the readings (range-partitioned by day of ts),
 * the per-minute and per-hour roll-ups (range-partitioned by month of bucket) and
 * each device's latest reading. Partitions themselves are made at run time (the
 * partition job, or the consumer for a day that has none yet), so the migration
 * creates only the partitioned parents and their indexes (each partition gets them).
 * The devices table is updated in place by every batch: fillfactor 50 leaves room
 * on each page for HOT updates (no index entry per update).
 */
export class TelemetryHistoryInit1765000000200 implements MigrationInterface {
  name = 'TelemetryHistoryInit1765000000200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE telemetry_history.readings (
        device_id text NOT NULL,
        ts timestamptz NOT NULL,
        seq bigint NOT NULL,
        state text NOT NULL,
        lat double precision NOT NULL,
        lon double precision NOT NULL,
        vals double precision[] NOT NULL,
        event text,
        codes text,
        PRIMARY KEY (device_id, ts, seq)
      ) PARTITION BY RANGE (ts)`);
    await q.query(`CREATE INDEX readings_ts_brin ON telemetry_history.readings USING brin (ts)`);
    for (const table of ['rollup_minute', 'rollup_hour']) {
      await q.query(`
        CREATE TABLE telemetry_history.${table} (
          device_id text NOT NULL,
          bucket timestamptz NOT NULL,
          n integer NOT NULL,
          last_ts timestamptz NOT NULL,
          mins double precision[] NOT NULL,
          maxs double precision[] NOT NULL,
          sums double precision[] NOT NULL,
          lasts double precision[] NOT NULL,
          PRIMARY KEY (device_id, bucket)
        ) PARTITION BY RANGE (bucket)`);
    }
    await q.query(`
      CREATE TABLE telemetry_history.devices (
        device_id text PRIMARY KEY,
        kind text NOT NULL,
        model text NOT NULL,
        first_ts timestamptz NOT NULL,
        last_ts timestamptz NOT NULL,
        last_seq bigint NOT NULL,
        state text NOT NULL,
        lat double precision NOT NULL,
        lon double precision NOT NULL,
        vals double precision[] NOT NULL,
        readings bigint NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      ) WITH (fillfactor = 50)`);
    await q.query(`CREATE INDEX devices_kind ON telemetry_history.devices (kind, device_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['devices', 'rollup_hour', 'rollup_minute', 'readings']) await q.query(`DROP TABLE telemetry_history.${t}`);
  }
}
