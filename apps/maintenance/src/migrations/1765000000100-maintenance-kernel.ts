import { sqlMigration } from '@tsunagu/platform';

/** Lineage of each attached finding (its Kafka record and the reading behind it), for the lineage API. */
export const MaintenanceLineage1765000000100 = sqlMigration('MaintenanceLineage1765000000100', {
  up: [
    `ALTER TABLE maintenance.work_order_findings ADD COLUMN lineage jsonb`,
  ],
  down: [
    `ALTER TABLE maintenance.work_order_findings DROP COLUMN lineage`,
  ],
});
