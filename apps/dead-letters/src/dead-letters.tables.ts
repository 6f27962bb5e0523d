import type { DeadLetterV1 } from '@tsunagu/contracts';
import { column, defineTable, type Lineage, type RowOf } from '@tsunagu/platform';
import { DEAD_LETTERS_SCHEMA, type LetterStatus } from './dead-letters.constants';

/**
 * One dead letter as the office keeps it: where it was read (the dead-letter
 * record), what it says (reason, origin, payload) and what operators did with it.
 */
export const lettersTable = defineTable(DEAD_LETTERS_SCHEMA, 'letters', {
  id: column.bigintString(),
  /** the dead-letter record: its topic, partition and offset (unique) */
  dlqTopic: column.text(),
  dlqPartition: column.integer(),
  dlqOffset: column.bigintString(),
  reason: column.text<DeadLetterV1['reason']>(),
  detail: column.text(),
  /** where the refused record was: a Kafka topic, partition and offset, or an MQTT topic */
  origin: column.jsonb<DeadLetterV1['origin']>(),
  originTopic: column.text(),
  recordKey: column.text().nullable(),
  deviceId: column.text().nullable(),
  payload: column.text(),
  payloadEncoding: column.text<DeadLetterV1['payloadEncoding']>(),
  payloadBytes: column.integer(),
  rejectedBy: column.text(),
  rejectedAt: column.timestamptz(),
  /** the dead-letter record and the refused record behind it */
  lineage: column.jsonb<Lineage>(),
  correlationId: column.text().nullable(),
  status: column.text<LetterStatus>(),
  receivedAt: column.timestamptz(),
  resolvedAt: column.timestamptz().nullable(),
  resolvedBy: column.text().nullable(),
  /** the discard reason, or what the redrive sent */
  resolution: column.text().nullable(),
});
export type LetterRow = RowOf<typeof lettersTable>;

export const DEAD_LETTERS_TABLES = [lettersTable] as const;
