import { jobOf } from '@tsunagu/platform';
import type { TelemetryHistoryOptions } from '../telemetry-history.config';
import { TELEMETRY_HISTORY_TOKENS } from '../telemetry-history.constants';
import { PartitionManager } from './partition-manager';

/**
 * Retention and readiness: makes the partitions ahead of now and drops the ones
 * past their retention. Runs once at start-up too (the schedule's first tick is
 * an interval away).
 */
export const PartitionJob = jobOf({
  name: 'partitions',
  services: [PartitionManager],
  options: TELEMETRY_HISTORY_TOKENS.options,
  intervalMs: (options: TelemetryHistoryOptions) => options.partitionJobMs,
  runAtStart: true,
  logger: 'telemetry-history.partitions',
  run: async (_job, partitions) => ({ made: await partitions.ensureAhead(), dropped: await partitions.dropExpired() }),
});
