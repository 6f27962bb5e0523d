import { sqlMigration } from '@tsunagu/platform';

/**
 * Vehicle monitoring's own schema: the per-vehicle analysis state (jsonb, plus
 * the latest position and published availability as columns for queries) and
 * the last processed offset per (topic, partition), written in the same
 * transaction as the state so a restart or rebalance skips what was done.
 */
export const VehicleMonitoringInit1764500100000 = sqlMigration('VehicleMonitoringInit1764500100000', {
  up: [
    `CREATE TABLE vehicle_monitoring.vehicles (
      vehicle_id text PRIMARY KEY,
      model text NOT NULL,
      state jsonb NOT NULL,
      last_ts bigint NOT NULL,
      last_seq bigint NOT NULL,
      availability text NOT NULL CHECK (availability IN ('moving', 'parked', 'incident', 'offline')),
      lat double precision NOT NULL,
      lon double precision NOT NULL,
      heading_deg real NOT NULL,
      speed_kmh real NOT NULL,
      -- bumped by every write, so a cached state is known to be current
      version bigint NOT NULL DEFAULT 1,
      updated_at timestamptz NOT NULL
    ) WITH (fillfactor = 70)`,
    // deliberately no secondary index: every reading batch rewrites its vehicles' rows, and
    // with room in the page (fillfactor) and no indexed column changing, PostgreSQL updates
    // them in place (HOT). The offline sweep and the REST list scan a table of one row per vehicle.
    `CREATE TABLE vehicle_monitoring.consumer_offsets (
      topic text NOT NULL,
      partition integer NOT NULL,
      last_offset bigint NOT NULL,
      updated_at timestamptz NOT NULL,
      PRIMARY KEY (topic, partition)
    )`,
  ],
});
