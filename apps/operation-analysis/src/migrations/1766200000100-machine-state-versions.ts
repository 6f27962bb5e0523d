import { sqlMigration, stateVersionSteps } from '@tsunagu/platform';

/**
 * Every write of a machine's state draws a new version from one sequence, so the
 * analysis service can keep the states it wrote in memory (StateCache) and read
 * back only versions while it keeps its partitions. The state is stored as `json`
 * (the text as written): it is only ever read and written whole, and converting a
 * few KB of floats to jsonb's numerics on every write cost more than the write.
 */
export const MachineStateVersions1766200000100 = sqlMigration(
  'MachineStateVersions1766200000100',
  stateVersionSteps('operation_analysis.machine_states', 'machine_state_versions'),
);
