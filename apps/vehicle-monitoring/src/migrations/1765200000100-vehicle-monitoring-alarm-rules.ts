import { alarmRulesMigration } from '@tsunagu/platform';
import { VEHICLE_MONITORING_SCHEMA } from '../vehicle-monitoring.constants';

/** Alarm rules operators change at run time, and their history (see vehicle-monitoring.tables.ts). */
export const VehicleMonitoringAlarmRules1765200000100 = alarmRulesMigration('VehicleMonitoringAlarmRules1765200000100', VEHICLE_MONITORING_SCHEMA);
