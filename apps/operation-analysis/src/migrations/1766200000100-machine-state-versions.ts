import { sqlMigration } from '@tsunagu/platform';

/**
 * Every write of a machine's state draws a new version from one sequence, so the
 * analysis service can keep the states it wrote in memory (StateCache) and read
 * back only versions while it keeps its partitions. The state is stored as `json`
 * (the text as written): it is only ever read and written whole, and converting a
 * few KB of floats to jsonb's numerics on every write cost more than the write.
 */
export const MachineStateVersions1766200000100 = sqlMigration('MachineStateVersions1766200000100', {
  up: [
    `ALTER TABLE operation_analysis.machine_states ADD COLUMN version bigint NOT NULL DEFAULT 1`,
    `CREATE SEQUENCE operation_analysis.machine_state_versions OWNED BY operation_analysis.machine_states.version`,
    `SELECT setval('operation_analysis.machine_state_versions', 2, false)`,
    `ALTER TABLE operation_analysis.machine_states ALTER COLUMN version SET DEFAULT nextval('operation_analysis.machine_state_versions')`,
    `ALTER TABLE operation_analysis.machine_states ALTER COLUMN state TYPE json USING state::json`,
  ],
  down: [
    `ALTER TABLE operation_analysis.machine_states ALTER COLUMN state TYPE jsonb USING state::jsonb`,
    `ALTER TABLE operation_analysis.machine_states DROP COLUMN version`,
  ],
});
