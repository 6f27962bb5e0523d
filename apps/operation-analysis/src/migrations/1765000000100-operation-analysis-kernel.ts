import { sqlMigration } from '@tsunagu/platform';

/** The telemetry offsets move to the kernel's table (same meaning, keyed by consumer group too). */
export const OperationAnalysisKernelOffsets1765000000100 = sqlMigration('OperationAnalysisKernelOffsets1765000000100', {
  up: [
    `INSERT INTO operation_analysis.kernel_offsets (group_id, topic, partition, "offset", updated_at)
    SELECT 'operation-analysis', topic, partition, "offset", updated_at FROM operation_analysis.consumer_offsets
    ON CONFLICT DO NOTHING`,
    `DROP TABLE operation_analysis.consumer_offsets`,
  ],
  down: [
    `CREATE TABLE operation_analysis.consumer_offsets (
      topic text NOT NULL, partition integer NOT NULL, "offset" bigint NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (topic, partition))`,
    `INSERT INTO operation_analysis.consumer_offsets (topic, partition, "offset", updated_at)
    SELECT topic, partition, "offset", updated_at FROM operation_analysis.kernel_offsets WHERE group_id = 'operation-analysis'`,
  ],
});
