import type { MachineTelemetryV1, VehicleTelemetryV1 } from '@tsunagu/contracts';
import { DEFAULT_VEHICLE_ANALYSIS_CONFIG } from '@tsunagu/vehicle-monitoring';

/** The kinds of device whose readings are kept (the two telemetry topics). */
export const DEVICE_KINDS = ['machine', 'vehicle'] as const;
export type DeviceKind = (typeof DEVICE_KINDS)[number];

export interface MetricSpec {
  /** the field name of the contract (`coolantTempC`, `accelX` for `accel.x`) */
  readonly name: string;
  readonly label: string;
  readonly unit: string;
}

/**
 * The numeric readings kept per kind, in storage order: a stored reading's values
 * are an array in this order (`vals[1]` in SQL is the first metric). The lists are
 * append-only: a metric added later is appended, so older rows (shorter arrays)
 * read as NULL for it, and no stored index ever changes meaning.
 */
export const METRICS: Readonly<Record<DeviceKind, readonly MetricSpec[]>> = {
  machine: [
    { name: 'coolantTempC', label: 'Coolant temperature', unit: '°C' },
    { name: 'engineOilPressureKpa', label: 'Engine oil pressure', unit: 'kPa' },
    { name: 'hydraulicPressureBar', label: 'Hydraulic pressure', unit: 'bar' },
    { name: 'hydraulicTempC', label: 'Hydraulic oil temperature', unit: '°C' },
    { name: 'vibrationRmsMmS', label: 'Vibration RMS', unit: 'mm/s' },
    { name: 'fuelRateLph', label: 'Fuel rate', unit: 'L/h' },
    { name: 'fuelLevelPct', label: 'Fuel level', unit: '%' },
    { name: 'loadPct', label: 'Load', unit: '%' },
    { name: 'engineHours', label: 'Engine hours', unit: 'h' },
  ],
  vehicle: [
    { name: 'speedKmh', label: 'Speed', unit: 'km/h' },
    { name: 'rpm', label: 'Engine speed', unit: 'rpm' },
    { name: 'coolantTempC', label: 'Coolant temperature', unit: '°C' },
    { name: 'batteryV', label: 'Battery voltage', unit: 'V' },
    { name: 'fuelLevelPct', label: 'Fuel level', unit: '%' },
    { name: 'odometerKm', label: 'Odometer', unit: 'km' },
    { name: 'headingDeg', label: 'Heading', unit: '°' },
    { name: 'accelX', label: 'Acceleration, forward', unit: 'g' },
    { name: 'accelY', label: 'Acceleration, left', unit: 'g' },
    { name: 'accelZ', label: 'Acceleration, up', unit: 'g' },
  ],
};

/** 1-based SQL array index of a metric of a kind, or null when the kind has no such metric. */
export function metricIndex(kind: DeviceKind, metric: string): number | null {
  const i = METRICS[kind].findIndex((m) => m.name === metric);
  return i < 0 ? null : i + 1;
}

/** One reading as it is stored: the values in catalogue order, the position, the device state. */
export interface StoredReading {
  readonly deviceId: string;
  readonly kind: DeviceKind;
  readonly model: string;
  /** the device's clock, epoch ms */
  readonly ts: number;
  readonly seq: number;
  /** machines: the engine state; vehicles: off, idle, moving or crash */
  readonly state: string;
  readonly lat: number;
  readonly lon: number;
  readonly vals: readonly number[];
  /** vehicles: the event of an event report (crash, dtc, …); null otherwise */
  readonly event: string | null;
  /** vehicles: the diagnostic trouble codes reported, comma-separated; null when none */
  readonly codes: string | null;
}

/** A vehicle slower than this with the ignition on is idling (km/h): the vehicle monitor's own threshold. */
export const VEHICLE_MOVING_KMH = DEFAULT_VEHICLE_ANALYSIS_CONFIG.movingKmh;

export function machineReading(r: MachineTelemetryV1): StoredReading {
  return {
    deviceId: r.deviceId,
    kind: 'machine',
    model: r.model,
    ts: r.ts,
    seq: r.seq,
    state: r.engineState,
    lat: r.position.lat,
    lon: r.position.lon,
    vals: [r.coolantTempC, r.engineOilPressureKpa, r.hydraulicPressureBar, r.hydraulicTempC, r.vibrationRmsMmS, r.fuelRateLph, r.fuelLevelPct, r.loadPct, r.engineHours],
    event: null,
    codes: null,
  };
}

export function vehicleState(r: VehicleTelemetryV1): string {
  if (r.event === 'crash' || r.airbagDeployed) return 'crash';
  if (!r.ignition) return 'off';
  return r.speedKmh > VEHICLE_MOVING_KMH ? 'moving' : 'idle';
}

export function vehicleReading(r: VehicleTelemetryV1): StoredReading {
  return {
    deviceId: r.deviceId,
    kind: 'vehicle',
    model: r.model,
    ts: r.ts,
    seq: r.seq,
    state: vehicleState(r),
    lat: r.position.lat,
    lon: r.position.lon,
    vals: [r.speedKmh, r.rpm, r.coolantTempC, r.batteryV, r.fuelLevelPct, r.odometerKm, r.headingDeg, r.accel.x, r.accel.y, r.accel.z],
    event: r.type === 'event' ? (r.event ?? null) : null,
    codes: r.dtcs.length > 0 ? r.dtcs.join(',') : null,
  };
}

/** The values of a stored row as `{ metric: value }` (a shorter array leaves later metrics out). */
export function namedValues(kind: DeviceKind, vals: ReadonlyArray<number | null>): Record<string, number> {
  const out: Record<string, number> = {};
  METRICS[kind].forEach((m, i) => {
    const v = vals[i];
    if (v !== null && v !== undefined) out[m.name] = v;
  });
  return out;
}
