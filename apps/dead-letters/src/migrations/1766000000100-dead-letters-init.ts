import { sqlMigration } from '@tsunagu/platform';

/** The dead-letter office: each letter once (by its dead-letter record), with what was done to it. */
export const DeadLettersInit1766000000100 = sqlMigration('DeadLettersInit1766000000100', {
  up: [
    `CREATE TABLE dead_letters.letters (
      id bigserial PRIMARY KEY,
      dlq_topic text NOT NULL,
      dlq_partition integer NOT NULL,
      dlq_offset bigint NOT NULL,
      reason text NOT NULL,
      detail text NOT NULL,
      origin jsonb NOT NULL,
      origin_topic text NOT NULL,
      record_key text,
      device_id text,
      payload text NOT NULL,
      payload_encoding text NOT NULL,
      payload_bytes integer NOT NULL,
      rejected_by text NOT NULL,
      rejected_at timestamptz NOT NULL,
      lineage jsonb NOT NULL,
      correlation_id text,
      status text NOT NULL CHECK (status IN ('pending', 'redriven', 'discarded')),
      received_at timestamptz NOT NULL DEFAULT now(),
      resolved_at timestamptz,
      resolved_by text,
      resolution text,
      UNIQUE (dlq_topic, dlq_partition, dlq_offset)
    )`,
    `CREATE INDEX letters_queue ON dead_letters.letters (status, origin_topic, id DESC)`,
  ],
  down: [`DROP TABLE dead_letters.letters`],
});
