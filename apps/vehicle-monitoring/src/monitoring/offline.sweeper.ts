import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { createLogger } from '@tsunagu/platform';
import { VEHICLE_MONITORING_TOKENS } from '../vehicle-monitoring.constants';
import type { VehicleMonitoringOptions } from '../vehicle-monitoring.config';
import { VehicleMonitoringService } from './vehicle-monitoring.service';

/**
 * A vehicle that stops reporting sends nothing to analyse, so "offline" needs a
 * timer: every `offlineSweepMs`, vehicles silent for `offlineAfterMs` are
 * published as offline (the dispatch system stops assigning them).
 */
@Injectable()
export class OfflineSweeper implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = createLogger('vehicle-monitoring.offline');
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;

  constructor(
    private readonly monitoring: VehicleMonitoringService,
    @Inject(VEHICLE_MONITORING_TOKENS.options) private readonly options: VehicleMonitoringOptions,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.runOnce(), this.options.offlineSweepMs);
    this.timer.unref();
  }

  /** One sweep (runs never overlap); also called by tests. */
  async runOnce(): Promise<number> {
    if (this.running) return this.running;
    this.running = this.monitoring.sweepOffline().catch((err: Error) => {
      this.logger.error('offline sweep failed', { error: err });
      return 0;
    });
    try {
      return await this.running;
    } finally {
      this.running = null;
    }
  }

  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }
}
