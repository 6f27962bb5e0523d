import type { StateDocument } from '@tsunagu/contracts';
import { column, defineTable, type RowOf } from '@tsunagu/platform';
import { INGEST_SCHEMA } from '../config/ingest-broker.config';

/**
 * Each device's desired state (set by operators, versioned: a change names the
 * version it was based on) and reported state (from the device), with the desired
 * version last sent to the device.
 */
export const deviceStateTable = defineTable(INGEST_SCHEMA, 'device_state', {
  deviceId: column.text(),
  desired: column.jsonb<StateDocument>(),
  desiredVersion: column.integer(),
  desiredBy: column.text().nullable(),
  desiredAt: column.timestamptz().nullable(),
  reported: column.jsonb<StateDocument>(),
  reportedVersion: column.integer(),
  reportedAt: column.timestamptz().nullable(),
  /** the desired version last sent to the device (0: none) */
  deliveredVersion: column.integer(),
});
export type DeviceStateRow = RowOf<typeof deviceStateTable>;

export const STATE_TABLES = [deviceStateTable] as const;
