import { sqlMigration } from '@tsunagu/platform';

/**
 * Lineage of each attached incident (its Kafka record and the reading behind it),
 * for the lineage API. The incidents consumer kept no offsets of its own (Kafka's
 * committed offsets only), so there are none to move into the kernel's table.
 */
export const CallCentreLineage1765000000100 = sqlMigration('CallCentreLineage1765000000100', {
  up: [
    `ALTER TABLE call_centre.case_incidents ADD COLUMN lineage jsonb`,
  ],
  down: [
    `ALTER TABLE call_centre.case_incidents DROP COLUMN lineage`,
  ],
});
