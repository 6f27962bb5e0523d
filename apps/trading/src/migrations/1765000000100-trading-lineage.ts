import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Lineage of each order (its signal's Kafka record and the tweet behind it), for the lineage API. */
export class TradingLineage1765000000100 implements MigrationInterface {
  name = 'TradingLineage1765000000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE trading.orders ADD COLUMN lineage jsonb`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE trading.orders DROP COLUMN lineage`);
  }
}
