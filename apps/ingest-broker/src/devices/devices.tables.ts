import { REGISTRY_DEVICE_KINDS, type RegistryDeviceKind } from '@tsunagu/contracts';
import { column, defineTable, type RowOf } from '@tsunagu/platform';
import { INGEST_SCHEMA } from '../config/ingest-broker.config';

export const DEVICE_KINDS = REGISTRY_DEVICE_KINDS;
export type DeviceKind = RegistryDeviceKind;

/** A provisioned device. Only a salted hash of its secret is stored. */
export const devicesTable = defineTable(INGEST_SCHEMA, 'devices', {
  deviceId: column.text(),
  kind: column.text<DeviceKind>(),
  model: column.text(),
  site: column.text().nullable(),
  /** `scrypt$N$r$p$salt$hash`, base64 parts */
  secretHash: column.text(),
  enabled: column.boolean(),
  online: column.boolean(),
  lastSeenAt: column.timestamptz().nullable(),
  createdAt: column.timestamptz(),
  disabledAt: column.timestamptz().nullable(),
  /** the broker instance holding its session while online */
  brokerId: column.text().nullable(),
});
export type DeviceRow = RowOf<typeof devicesTable>;

/** Audit log of device security and presence events (who, what, when). */
export const deviceEventsTable = defineTable(INGEST_SCHEMA, 'device_events', {
  id: column.bigintString(),
  deviceId: column.text(),
  /** provisioned | disabled | enabled | secret-rotated | auth-failed | publish-refused | subscribe-refused | online | offline */
  event: column.text(),
  detail: column.text().nullable(),
  actor: column.text().nullable(),
  at: column.timestamptz(),
});
export type DeviceEventRow = RowOf<typeof deviceEventsTable>;

export const INGEST_TABLES = [devicesTable, deviceEventsTable] as const;
