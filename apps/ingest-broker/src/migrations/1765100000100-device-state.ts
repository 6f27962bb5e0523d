import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Desired and reported state per device (see state.tables.ts). */
export class DeviceState1765100000100 implements MigrationInterface {
  name = 'DeviceState1765100000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE ingest.device_state (
        device_id         text PRIMARY KEY REFERENCES ingest.devices (device_id),
        desired           jsonb NOT NULL DEFAULT '{}',
        desired_version   integer NOT NULL DEFAULT 0,
        desired_by        text,
        desired_at        timestamptz,
        reported          jsonb NOT NULL DEFAULT '{}',
        reported_version  integer NOT NULL DEFAULT 0,
        reported_at       timestamptz,
        delivered_version integer NOT NULL DEFAULT 0
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE ingest.device_state`);
  }
}
