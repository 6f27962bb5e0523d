import { sqlMigration } from '@tsunagu/platform';

/** Commands to devices with their delivery state (see commands.tables.ts). */
export const DeviceCommands1765100000000 = sqlMigration('DeviceCommands1765100000000', {
  up: [
    `
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
      )`,
    `CREATE INDEX device_commands_device ON ingest.device_commands (device_id, queued_at DESC)`,
    // what delivery and expiry look for: the open ones
    `CREATE INDEX device_commands_open ON ingest.device_commands (device_id, queued_at) WHERE state IN ('queued', 'delivered')`,
  ],
});
