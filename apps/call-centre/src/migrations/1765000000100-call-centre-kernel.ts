import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Lineage of each attached incident (its Kafka record and the reading behind it),
 * for the lineage API. The incidents consumer kept no offsets of its own (Kafka's
 * committed offsets only), so there are none to move into the kernel's table.
 */
export class CallCentreLineage1765000000100 implements MigrationInterface {
  name = 'CallCentreLineage1765000000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE call_centre.case_incidents ADD COLUMN lineage jsonb`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE call_centre.case_incidents DROP COLUMN lineage`);
  }
}
