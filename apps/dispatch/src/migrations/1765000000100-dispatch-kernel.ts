import { sqlMigration } from '@tsunagu/platform';

/**
 * Processed disruption-event ids move to the kernel's table (the consumer's
 * `messageId`, under its group `dispatch-disruptions`); disruptions and
 * assignments keep their lineage (the Kafka records behind them) for the lineage API.
 */
export const DispatchKernel1765000000100 = sqlMigration('DispatchKernel1765000000100', {
  up: [
    `INSERT INTO dispatch.kernel_processed (group_id, message_id, processed_at)
    SELECT 'dispatch-disruptions', event_id, processed_at FROM dispatch.processed_events
    ON CONFLICT DO NOTHING`,
    `DROP TABLE dispatch.processed_events`,
    `ALTER TABLE dispatch.disruptions ADD COLUMN lineage jsonb, ADD COLUMN ended_lineage jsonb`,
    `ALTER TABLE dispatch.assignments ADD COLUMN lineage jsonb`,
  ],
  down: [
    `ALTER TABLE dispatch.assignments DROP COLUMN lineage`,
    `ALTER TABLE dispatch.disruptions DROP COLUMN lineage, DROP COLUMN ended_lineage`,
    `CREATE TABLE dispatch.processed_events (event_id text PRIMARY KEY, processed_at timestamptz NOT NULL DEFAULT now())`,
    `INSERT INTO dispatch.processed_events (event_id, processed_at)
    SELECT message_id, processed_at FROM dispatch.kernel_processed WHERE group_id = 'dispatch-disruptions'`,
  ],
});
