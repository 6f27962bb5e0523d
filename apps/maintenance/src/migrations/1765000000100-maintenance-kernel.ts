import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Lineage of each attached finding (its Kafka record and the reading behind it), for the lineage API. */
export class MaintenanceLineage1765000000100 implements MigrationInterface {
  name = 'MaintenanceLineage1765000000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE maintenance.work_order_findings ADD COLUMN lineage jsonb`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE maintenance.work_order_findings DROP COLUMN lineage`);
  }
}
