import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Commands to devices with their delivery state (see commands.tables.ts). */
export class DeviceCommands1765100000000 implements MigrationInterface {
  name = 'DeviceCommands1765100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE ingest.device_commands (
        command_id   text PRIMARY KEY,
        device_id    text NOT NULL REFERENCES ingest.devices (device_id),
        name         text NOT NULL,
        args         jsonb NOT NULL,
        state        text NOT NULL CHECK (state IN ('queued', 'delivered', 'succeeded', 'failed', 'expired')),
        requested_by text NOT NULL,
        source       text NOT NULL,
        queued_at    timestamptz NOT NULL,
        expires_at   timestamptz NOT NULL,
        delivered_at timestamptz,
        delivered_by text,
        completed_at timestamptz,
        result       jsonb,
        error        text
      )`);
    await q.query(`CREATE INDEX device_commands_device ON ingest.device_commands (device_id, queued_at DESC)`);
    // what delivery and expiry look for: the open ones
    await q.query(`CREATE INDEX device_commands_open ON ingest.device_commands (device_id, queued_at) WHERE state IN ('queued', 'delivered')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE ingest.device_commands`);
  }
}
