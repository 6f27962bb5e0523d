import mqtt, { type MqttClient } from 'mqtt';
import type { Client } from 'pg';
import { deviceTopic, type MachineTelemetryPayloadV1, type MachineTelemetryV1, type MaintenanceFindingV1 } from '@tsunagu/contracts';
import { MachineAnalyser, syntheticSeries, type MachineState, type SyntheticSeriesOptions } from '@tsunagu/operation-analysis';
import type { RunningApp } from '../../../test/support/app-harness';

/** Synthetic noise on every metric, so the detectors see realistic series. */
export const NOISE = { coolantTempC: 0.4, engineOilPressureKpa: 6, hydraulicTempC: 0.5, hydraulicPressureBar: 20, vibrationRmsMmS: 0.2 } as const;

/** The start of the synthetic clock: the analysis clock is each reading's `ts`, not wall time. */
export const T0 = Date.UTC(2026, 10, 29, 0, 0, 0);

export interface Device {
  readonly deviceId: string;
  readonly password: string;
  readonly model: string;
}

/** Registers a machine device on the ingest broker (REST, admin). */
export async function provisionMachine(core: RunningApp, model: string, site: string): Promise<Device> {
  const res = await core.request('POST', '/devices', { body: { kind: 'machine', model, site } });
  if (res.status !== 201) throw new Error(`provisioning failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { deviceId: res.body.deviceId, password: res.body.password, model };
}

export function series(device: Device, opts: Omit<SyntheticSeriesOptions, 'deviceId' | 'model' | 'startTs'> & { startTs?: number }): MachineTelemetryV1[] {
  return syntheticSeries({ noise: NOISE, startTs: T0, ...opts, deviceId: device.deviceId, model: device.model });
}

/** What a device sends: the payload without what the broker adds. */
export function payloadOf(r: MachineTelemetryV1): MachineTelemetryPayloadV1 {
  const { deviceId: _d, model: _m, receivedAt: _r, ...payload } = r;
  return payload;
}

/** Publishes readings like a device: QoS 1, in order, a window of them in flight at a time. */
export async function publishOverMqtt(mqttUrl: string, device: Device, readings: readonly MachineTelemetryV1[], window = 50): Promise<void> {
  const client: MqttClient = await mqtt.connectAsync(mqttUrl, {
    clientId: device.deviceId,
    username: device.deviceId,
    password: device.password,
    reconnectPeriod: 0,
    // generous: a loaded CI machine running suites side by side may take seconds to answer CONNECT
    connectTimeout: 15_000,
  });
  try {
    const topic = deviceTopic(device.deviceId, 'telemetry');
    for (let i = 0; i < readings.length; i += window) {
      await Promise.all(readings.slice(i, i + window).map((r) => client.publishAsync(topic, JSON.stringify(payloadOf(r)), { qos: 1 })));
    }
  } finally {
    await client.endAsync();
  }
}

/** The seq of the latest reading the analysis committed for a machine (-1 when none). */
export async function analysedSeq(pg: Client, machineId: string): Promise<number> {
  const { rows } = await pg.query(`SELECT (state->>'lastSeq')::int AS seq FROM operation_analysis.machine_states WHERE machine_id = $1`, [machineId]);
  return rows[0]?.seq ?? -1;
}

/** The findings the pure analyser makes of the same readings: what the service must deliver, no more, no less. */
export function expectedFindings(readings: readonly MachineTelemetryV1[]): MaintenanceFindingV1[] {
  const analyser = new MachineAnalyser();
  let state: MachineState | undefined;
  const out: MaintenanceFindingV1[] = [];
  readings.forEach((r, i) => {
    const res = analyser.analyse(state, r, { topic: 't', partition: 0, offset: String(i) });
    state = res.state;
    out.push(...res.findings);
  });
  return out;
}
