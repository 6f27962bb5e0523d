/**
 * Test vehicles that publish over MQTT like real devices: provisioned through the
 * ingest broker's REST API, connected with their own credentials, publishing
 * QoS 1 telemetry in order (each PUBACK means the record is in Kafka).
 */
import mqtt, { type MqttClient } from 'mqtt';
import { deviceTopic, TOPICS, type VehicleTelemetryPayloadV1, type VehicleTelemetryV1, type VehicleIncidentV1 } from '@tsunagu/contracts';
import { analyseReading, type VehicleMonitorState } from '@tsunagu/vehicle-monitoring';
import type { RunningApp } from '../../../test/support/app-harness';

export const VEHICLE_MODEL = 'van-2t';

export interface TestVehicle {
  readonly id: string;
  send(readings: readonly VehicleTelemetryPayloadV1[]): Promise<void>;
  close(): Promise<void>;
}

export async function provisionVehicle(edge: RunningApp, mqttUrl: string): Promise<TestVehicle> {
  const res = await edge.request('POST', '/devices', { body: { kind: 'vehicle', model: VEHICLE_MODEL } });
  if (res.status !== 201) throw new Error(`provisioning failed: ${res.status} ${JSON.stringify(res.body)}`);
  const { deviceId, password } = res.body as { deviceId: string; password: string };
  const client: MqttClient = await mqtt.connectAsync(mqttUrl, {
    clientId: deviceId,
    username: deviceId,
    password,
    reconnectPeriod: 0,
    // generous: a loaded CI machine running suites side by side may take seconds to answer CONNECT
    connectTimeout: 15_000,
  });
  const topic = deviceTopic(deviceId, 'telemetry');
  return {
    id: deviceId,
    send: async (readings) => {
      // one at a time: a vehicle's readings stay in order end to end
      for (const r of readings) await client.publishAsync(topic, JSON.stringify(r), { qos: 1 });
    },
    close: () => client.endAsync(),
  };
}

/** A periodic reading of a van driving through Tokyo; `i` moves it along. */
export function vanReading(t0: number, i: number, over: Partial<VehicleTelemetryPayloadV1> = {}): VehicleTelemetryPayloadV1 {
  return {
    seq: i,
    ts: t0 + i * 1000,
    type: 'periodic',
    ignition: true,
    speedKmh: 45,
    rpm: 2100,
    coolantTempC: 90,
    batteryV: 14.1,
    fuelLevelPct: 60,
    odometerKm: 48_000 + i * 0.0125,
    accel: { x: 0.02, y: -0.01, z: 0 },
    airbagDeployed: false,
    dtcs: [],
    position: { lat: 35.6812 + i * 0.0001, lon: 139.7671 },
    headingDeg: 0,
    ...over,
  };
}

/** What the pure analysis finds in these readings: the ids the service must emit, no more, no less. */
export function expectedFindings(vehicleId: string, readings: readonly VehicleTelemetryPayloadV1[]): VehicleIncidentV1[] {
  let state: VehicleMonitorState | null = null;
  const out: VehicleIncidentV1[] = [];
  readings.forEach((r, i) => {
    const record: VehicleTelemetryV1 = { ...r, deviceId: vehicleId, model: VEHICLE_MODEL, receivedAt: r.ts };
    const step = analyseReading(state, record, { topic: TOPICS.vehicleTelemetry, partition: 0, offset: String(i) });
    state = step.state;
    out.push(...step.incidents);
  });
  return out;
}
