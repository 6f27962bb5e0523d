import type { VehicleAvailability, VehicleMonitorState } from '@tsunagu/vehicle-monitoring';
import { alarmRuleTables, column, defineTable, type RowOf } from '@tsunagu/platform';
import { VEHICLE_MONITORING_SCHEMA } from './vehicle-monitoring.constants';

/** One vehicle: its analysis state and, as columns, its latest position and published availability. */
export const vehiclesTable = defineTable(VEHICLE_MONITORING_SCHEMA, 'vehicles', {
  vehicleId: column.text(),
  model: column.text(),
  /** `json`: read and written whole, never queried inside */
  state: column.json<VehicleMonitorState>(),
  /** reading time (epoch ms) of the latest report */
  lastTs: column.bigint(),
  lastSeq: column.bigint(),
  availability: column.text<VehicleAvailability>(),
  lat: column.double(),
  lon: column.double(),
  headingDeg: column.real(),
  speedKmh: column.real(),
  /**
   * drawn from the sequence `vehicle_versions` by every write, so no two writes
   * (not even one that rolled back) share a number: the consumer's cache compares it
   */
  version: column.bigint(),
  updatedAt: column.timestamptz(),
});
export type VehicleRow = RowOf<typeof vehiclesTable>;

/** Operators' alarm-rule overrides per vehicle model or vehicle, and every change of them. */
export const vehicleAlarmRuleTables = alarmRuleTables(VEHICLE_MONITORING_SCHEMA);

export const VEHICLE_MONITORING_TABLES = [vehiclesTable, vehicleAlarmRuleTables.current, vehicleAlarmRuleTables.versions] as const;
