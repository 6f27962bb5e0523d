import { sqlMigration } from '@tsunagu/platform';

/** Desired and reported state per device (see state.tables.ts). */
export const DeviceState1765100000100 = sqlMigration('DeviceState1765100000100', {
  up: [
    `
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
      )`,
  ],
});
