import { jobOf } from '@tsunagu/platform';
import { VEHICLE_MONITORING_OPTIONS } from '../vehicle-monitoring.constants';
import type { VehicleMonitoringOptions } from '../vehicle-monitoring.config';
import { VehicleMonitoringService } from './vehicle-monitoring.service';

/**
 * A vehicle that stops reporting sends nothing to analyse, so "offline" needs a
 * timer: every `offlineSweepMs`, vehicles silent for `offlineAfterMs` are
 * published as offline (the dispatch system stops assigning them). Resolves to
 * the number of vehicles it marked.
 */
export const OfflineSweepJob = jobOf({
  name: 'offline-sweep',
  services: [VehicleMonitoringService],
  options: VEHICLE_MONITORING_OPTIONS,
  intervalMs: (options: VehicleMonitoringOptions) => options.offlineSweepMs,
  run: (_job, monitoring) => monitoring.sweepOffline(),
});
