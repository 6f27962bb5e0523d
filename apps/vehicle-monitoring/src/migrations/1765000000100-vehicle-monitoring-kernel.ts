import { sqlMigration } from '@tsunagu/platform';

/**
 * Onto the service kernel: the telemetry offsets move to the kernel's table (same
 * meaning, keyed by consumer group too), and row versions come from a sequence, so
 * a version a rolled-back write drew is never carried by a committed row (the
 * consumer's state cache trusts an entry only when the committed row has its version).
 */
export const VehicleMonitoringKernel1765000000100 = sqlMigration('VehicleMonitoringKernel1765000000100', {
  up: [
    `INSERT INTO vehicle_monitoring.kernel_offsets (group_id, topic, partition, "offset", updated_at)
    SELECT 'vehicle-monitoring', topic, partition, last_offset, updated_at FROM vehicle_monitoring.consumer_offsets
    ON CONFLICT DO NOTHING`,
    `DROP TABLE vehicle_monitoring.consumer_offsets`,
    `CREATE SEQUENCE vehicle_monitoring.vehicle_versions OWNED BY vehicle_monitoring.vehicles.version`,
    `SELECT setval('vehicle_monitoring.vehicle_versions', COALESCE((SELECT max(version) FROM vehicle_monitoring.vehicles), 0) + 1, false)`,
    `ALTER TABLE vehicle_monitoring.vehicles ALTER COLUMN version SET DEFAULT nextval('vehicle_monitoring.vehicle_versions')`,
  ],
  down: [
    `ALTER TABLE vehicle_monitoring.vehicles ALTER COLUMN version SET DEFAULT 1`,
    `DROP SEQUENCE vehicle_monitoring.vehicle_versions`,
    `CREATE TABLE vehicle_monitoring.consumer_offsets (
      topic text NOT NULL, partition integer NOT NULL, last_offset bigint NOT NULL,
      updated_at timestamptz NOT NULL, PRIMARY KEY (topic, partition))`,
    `INSERT INTO vehicle_monitoring.consumer_offsets (topic, partition, last_offset, updated_at)
    SELECT topic, partition, "offset", updated_at FROM vehicle_monitoring.kernel_offsets WHERE group_id = 'vehicle-monitoring'`,
  ],
});
