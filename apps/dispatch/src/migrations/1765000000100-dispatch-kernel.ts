import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Processed disruption-event ids move to the kernel's table (the consumer's
 * `messageId`, under its group `dispatch-disruptions`); disruptions and
 * assignments keep their lineage (the Kafka records behind them) for the lineage API.
 */
export class DispatchKernel1765000000100 implements MigrationInterface {
  name = 'DispatchKernel1765000000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      INSERT INTO dispatch.kernel_processed (group_id, message_id, processed_at)
      SELECT 'dispatch-disruptions', event_id, processed_at FROM dispatch.processed_events
      ON CONFLICT DO NOTHING`);
    await q.query(`DROP TABLE dispatch.processed_events`);
    await q.query(`ALTER TABLE dispatch.disruptions ADD COLUMN lineage jsonb, ADD COLUMN ended_lineage jsonb`);
    await q.query(`ALTER TABLE dispatch.assignments ADD COLUMN lineage jsonb`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE dispatch.assignments DROP COLUMN lineage`);
    await q.query(`ALTER TABLE dispatch.disruptions DROP COLUMN lineage, DROP COLUMN ended_lineage`);
    await q.query(`CREATE TABLE dispatch.processed_events (event_id text PRIMARY KEY, processed_at timestamptz NOT NULL DEFAULT now())`);
    await q.query(`
      INSERT INTO dispatch.processed_events (event_id, processed_at)
      SELECT message_id, processed_at FROM dispatch.kernel_processed WHERE group_id = 'dispatch-disruptions'`);
  }
}
