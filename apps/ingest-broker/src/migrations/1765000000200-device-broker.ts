import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Which broker instance holds a device's session, so a restarted broker can end the sessions it lost in a crash. */
export class DeviceBroker1765000000200 implements MigrationInterface {
  name = 'DeviceBroker1765000000200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE ingest.devices ADD COLUMN broker_id text`);
    await q.query(`CREATE INDEX devices_online_broker ON ingest.devices (broker_id) WHERE online`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE ingest.devices DROP COLUMN broker_id`);
  }
}
