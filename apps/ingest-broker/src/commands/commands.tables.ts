import type { CommandState } from '@tsunagu/contracts';
import { column, defineTable, type RowOf } from '@tsunagu/platform';
import { INGEST_SCHEMA } from '../config/ingest-broker.config';

/**
 * Commands to devices and their lifecycle: queued → delivered → succeeded | failed,
 * or expired (from queued or delivered) once `expires_at` has passed without an ack.
 * Every instance reads it: the one holding the device's session delivers.
 */
export const deviceCommandsTable = defineTable(INGEST_SCHEMA, 'device_commands', {
  commandId: column.text(),
  deviceId: column.text(),
  name: column.text(),
  args: column.jsonb<Record<string, unknown>>(),
  state: column.text<CommandState>(),
  /** `api:<role>` or the record system that asked over Kafka */
  requestedBy: column.text(),
  /** `rest` or the Kafka topic it came from */
  source: column.text(),
  queuedAt: column.timestamptz(),
  expiresAt: column.timestamptz(),
  deliveredAt: column.timestamptz().nullable(),
  /** the broker instance that delivered it */
  deliveredBy: column.text().nullable(),
  /** when it succeeded, failed or expired */
  completedAt: column.timestamptz().nullable(),
  result: column.jsonb<Record<string, unknown>>().nullable(),
  error: column.text().nullable(),
});
export type DeviceCommandRow = RowOf<typeof deviceCommandsTable>;

export const COMMAND_TABLES = [deviceCommandsTable] as const;
