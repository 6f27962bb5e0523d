import { Inject, Module, type DynamicModule, type OnModuleInit } from '@nestjs/common';
import { PLATFORM_TOKENS, type HealthRegistry } from '@tsunagu/platform';
import type { VehicleAnalysisConfig } from '@tsunagu/vehicle-monitoring';
import { OfflineSweeper } from './monitoring/offline.sweeper';
import { TelemetryConsumer } from './monitoring/telemetry.consumer';
import { VehicleMonitoringRepository } from './monitoring/vehicle-monitoring.repository';
import { VehicleMonitoringService } from './monitoring/vehicle-monitoring.service';
import { VehiclesController } from './vehicles/vehicles.controller';
import { vehicleMonitoringOptionsFromEnv, type VehicleMonitoringOptions } from './vehicle-monitoring.config';
import { SYSTEM_CLOCK, VEHICLE_MONITORING_TOKENS, type Clock } from './vehicle-monitoring.constants';
import { openVehicleMonitoringDataSource, VehicleMonitoringDatabase } from './vehicle-monitoring.database';

export interface VehicleMonitoringModuleOptions {
  readonly offlineAfterMs?: number;
  readonly offlineSweepMs?: number;
  readonly analysis?: Partial<VehicleAnalysisConfig>;
  /** wall clock of the offline sweep (tests pass a fake one) */
  readonly clock?: Clock;
}

/**
 * Vehicle monitoring (pair 2's engagement system): crash, harsh driving per trip,
 * diagnostic codes, overheating, battery; latest position and availability on the
 * compacted vehicle state topic. State and offsets live in schema
 * `vehicle_monitoring`. Relies only on the platform core's providers; `register()`
 * overrides settings (tests), the bare module reads them from the environment.
 */
@Module({
  controllers: [VehiclesController],
  providers: [
    { provide: VEHICLE_MONITORING_TOKENS.options, useFactory: (): VehicleMonitoringOptions => vehicleMonitoringOptionsFromEnv() },
    { provide: VEHICLE_MONITORING_TOKENS.clock, useValue: SYSTEM_CLOCK },
    {
      provide: VEHICLE_MONITORING_TOKENS.dataSource,
      inject: [PLATFORM_TOKENS.databaseUrl],
      useFactory: (url: string) => openVehicleMonitoringDataSource(url),
    },
    VehicleMonitoringDatabase,
    VehicleMonitoringRepository,
    VehicleMonitoringService,
    TelemetryConsumer,
    OfflineSweeper,
  ],
  exports: [VehicleMonitoringService, OfflineSweeper],
})
export class VehicleMonitoringModule implements OnModuleInit {
  constructor(
    @Inject(PLATFORM_TOKENS.health) private readonly health: HealthRegistry,
    private readonly database: VehicleMonitoringDatabase,
  ) {}

  static register(options: VehicleMonitoringModuleOptions = {}): DynamicModule {
    const { clock, analysis, ...overrides } = options;
    return {
      module: VehicleMonitoringModule,
      providers: [
        {
          provide: VEHICLE_MONITORING_TOKENS.options,
          useFactory: (): VehicleMonitoringOptions => {
            const base = vehicleMonitoringOptionsFromEnv();
            return { ...base, ...overrides, analysis: { ...base.analysis, ...analysis } };
          },
        },
        ...(clock ? [{ provide: VEHICLE_MONITORING_TOKENS.clock, useValue: clock }] : []),
      ],
    };
  }

  onModuleInit(): void {
    this.health.register('vehicle-monitoring-db', () => this.database.ping());
  }
}
