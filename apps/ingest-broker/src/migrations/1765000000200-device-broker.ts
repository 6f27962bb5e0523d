import { sqlMigration } from '@tsunagu/platform';

/** Which broker instance holds a device's session, so a restarted broker can end the sessions it lost in a crash. */
export const DeviceBroker1765000000200 = sqlMigration('DeviceBroker1765000000200', {
  up: [
    `ALTER TABLE ingest.devices ADD COLUMN broker_id text`,
    `CREATE INDEX devices_online_broker ON ingest.devices (broker_id) WHERE online`,
  ],
  down: [
    `ALTER TABLE ingest.devices DROP COLUMN broker_id`,
  ],
});
