import type { VehicleTelemetryV1 } from '@tsunagu/contracts';

/** A healthy periodic vehicle reading for specs; override what the case is about. */
export function vehicleReading(over: Partial<VehicleTelemetryV1> = {}): VehicleTelemetryV1 {
  const ts = over.ts ?? 1_764_403_200_000;
  return {
    deviceId: 'veh-1',
    model: 'van-2t',
    receivedAt: ts,
    seq: 0,
    ts,
    type: 'periodic',
    ignition: true,
    speedKmh: 50,
    rpm: 2000,
    coolantTempC: 90,
    batteryV: 14.1,
    fuelLevelPct: 60,
    odometerKm: 1000,
    accel: { x: 0, y: 0, z: 0 },
    airbagDeployed: false,
    dtcs: [],
    position: { lat: 35.68, lon: 139.76 },
    headingDeg: 90,
    ...over,
  };
}
