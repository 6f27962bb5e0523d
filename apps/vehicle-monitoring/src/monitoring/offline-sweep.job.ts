import { Inject, Injectable } from '@nestjs/common';
import { IntervalJob } from '@tsunagu/platform';
import { VEHICLE_MONITORING_OPTIONS } from '../vehicle-monitoring.constants';
import type { VehicleMonitoringOptions } from '../vehicle-monitoring.config';
import { VehicleMonitoringService } from './vehicle-monitoring.service';

/**
 * A vehicle that stops reporting sends nothing to analyse, so "offline" needs a
 * timer: every `offlineSweepMs`, vehicles silent for `offlineAfterMs` are
 * published as offline (the dispatch system stops assigning them). Resolves to
 * the number of vehicles it marked.
 */
@Injectable()
export class OfflineSweepJob extends IntervalJob<number> {
  readonly name = 'offline-sweep';
  readonly intervalMs: number;

  constructor(
    private readonly monitoring: VehicleMonitoringService,
    @Inject(VEHICLE_MONITORING_OPTIONS) options: VehicleMonitoringOptions,
  ) {
    super();
    this.intervalMs = options.offlineSweepMs;
  }

  protected execute(): Promise<number> {
    return this.monitoring.sweepOffline();
  }
}
