import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { createLogger, IntervalJob } from '@tsunagu/platform';
import type { TelemetryHistoryOptions } from '../telemetry-history.config';
import { TELEMETRY_HISTORY_TOKENS } from '../telemetry-history.constants';
import { PartitionManager } from './partition-manager';

/**
 * Retention and readiness: makes the partitions ahead of now and drops the ones
 * past their retention. Runs once at start-up too (the schedule's first tick is
 * an interval away).
 */
@Injectable()
export class PartitionJob extends IntervalJob<{ made: number; dropped: string[] }> implements OnApplicationBootstrap {
  readonly name = 'partitions';
  readonly intervalMs: number;

  constructor(
    private readonly partitions: PartitionManager,
    @Inject(TELEMETRY_HISTORY_TOKENS.options) options: TelemetryHistoryOptions,
  ) {
    super();
    this.intervalMs = options.partitionJobMs;
  }

  onApplicationBootstrap(): void {
    this.run().catch((err: Error) => createLogger('telemetry-history.partitions').warn('start-up partition run failed; the schedule retries', { error: err }));
  }

  protected async execute(): Promise<{ made: number; dropped: string[] }> {
    const made = await this.partitions.ensureAhead();
    const dropped = await this.partitions.dropExpired();
    return { made, dropped };
  }
}
