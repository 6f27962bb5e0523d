import { TOPICS } from '@tsunagu/contracts';
import { vehicleRuleBook } from '@tsunagu/vehicle-monitoring';
import { serviceModuleClass, serviceOptions, serviceDefinition } from '@tsunagu/platform';
import { VehicleMonitoringInit1764500100000 } from './migrations/1764500100000-vehicle-monitoring-init';
import { VehicleMonitoringKernel1765000000100 } from './migrations/1765000000100-vehicle-monitoring-kernel';
import { VehicleMonitoringAlarmRules1765200000100 } from './migrations/1765200000100-vehicle-monitoring-alarm-rules';
import { VehicleStateJson1766200000200 } from './migrations/1766200000200-vehicle-state-json';
import { OfflineSweepJob } from './monitoring/offline-sweep.job';
import { TelemetryConsumer } from './monitoring/telemetry.consumer';
import { VehicleMonitoringRepository } from './monitoring/vehicle-monitoring.repository';
import { VehicleMonitoringService } from './monitoring/vehicle-monitoring.service';
import { VEHICLE_MONITORING_ALARM_RULES } from './rules/alarm-rules.feature';
import { VehiclesController } from './vehicles/vehicles.controller';
import { vehicleMonitoringEnv, vehicleMonitoringOptionsFromEnv, type VehicleMonitoringOptions } from './vehicle-monitoring.config';
import { VEHICLE_MONITORING_OPTIONS, VEHICLE_MONITORING_RULES } from './vehicle-monitoring.constants';
import { VEHICLE_MONITORING_TABLES } from './vehicle-monitoring.tables';

/** Vehicle monitoring as the kernel builds it: schema, tables, options, consumer, offline sweep, topics, HTTP. */
export const VEHICLE_MONITORING_SERVICE = serviceDefinition<VehicleMonitoringOptions>({
  name: 'vehicle-monitoring',
  migrations: [VehicleMonitoringInit1764500100000, VehicleMonitoringKernel1765000000100, VehicleMonitoringAlarmRules1765200000100, VehicleStateJson1766200000200],
  tables: VEHICLE_MONITORING_TABLES,
  options: serviceOptions(VEHICLE_MONITORING_OPTIONS, vehicleMonitoringEnv, vehicleMonitoringOptionsFromEnv),
  consumers: [TelemetryConsumer],
  jobs: [OfflineSweepJob, ...VEHICLE_MONITORING_ALARM_RULES.jobs],
  produces: [TOPICS.vehicleIncidents, TOPICS.vehicleState],
  // the latest state per vehicle is all that matters
  compacted: [TOPICS.vehicleState],
  controllers: [VehiclesController, VEHICLE_MONITORING_ALARM_RULES.controller],
  providers: [
    { provide: VEHICLE_MONITORING_RULES, inject: [VEHICLE_MONITORING_OPTIONS], useFactory: (o: VehicleMonitoringOptions) => vehicleRuleBook(o.analysis) },
    ...VEHICLE_MONITORING_ALARM_RULES.providers,
    VehicleMonitoringRepository,
    VehicleMonitoringService,
  ],
  exports: [VehicleMonitoringService],
});

/**
 * Vehicle monitoring (pair 2's engagement system): crash, harsh driving per trip,
 * diagnostic codes, overheating, battery, judged by thresholds operators change at
 * run time (per model and vehicle, versioned); latest position and availability on the
 * compacted vehicle state topic. State and offsets live in schema
 * `vehicle_monitoring`; `register(overrides)` replaces settings (tests).
 */
export const VehicleMonitoringModule = serviceModuleClass('VehicleMonitoringModule', VEHICLE_MONITORING_SERVICE);
