import { alarmRulesFeature } from '@tsunagu/platform';
import type { VehicleMonitoringOptions } from '../vehicle-monitoring.config';
import { VEHICLE_MONITORING_OPTIONS, VEHICLE_MONITORING_RULES } from '../vehicle-monitoring.constants';
import { vehicleAlarmRuleTables, vehiclesTable } from '../vehicle-monitoring.tables';

/** Vehicles' alarm rules as data: `/vehicle-monitoring/alarm-rules`, over the configured thresholds; maintenance changes them. */
export const VEHICLE_MONITORING_ALARM_RULES = alarmRulesFeature<VehicleMonitoringOptions>({
  name: 'vehicle-monitoring',
  tables: vehicleAlarmRuleTables,
  path: 'vehicle-monitoring/alarm-rules',
  roles: { read: ['operator', 'maintenance', 'callcentre', 'dispatch'], write: ['maintenance'] },
  modelQuery: `SELECT model FROM ${vehiclesTable.qualified} WHERE vehicle_id = $1`,
  holderToken: VEHICLE_MONITORING_RULES,
  optionsToken: VEHICLE_MONITORING_OPTIONS,
  pollMs: (o) => o.rulesPollMs,
});
