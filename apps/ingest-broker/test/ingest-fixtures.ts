import mqtt, { type MqttClient } from 'mqtt';
import { deviceTopic, type MachineTelemetryPayloadV1 } from '@tsunagu/contracts';
import { rememberSecret } from '../../../test/support/secret-scan';

/** A valid machine reading with sequence number `seq`. */
export function machineReading(seq: number, overrides: Partial<MachineTelemetryPayloadV1> = {}): MachineTelemetryPayloadV1 {
  return {
    seq,
    ts: 1764403200000 + seq * 1000,
    engineHours: 1500 + seq / 3600,
    engineState: 'working',
    coolantTempC: 85,
    engineOilPressureKpa: 380,
    hydraulicPressureBar: 240,
    hydraulicTempC: 60,
    vibrationRmsMmS: 4,
    fuelRateLph: 18,
    fuelLevelPct: 60,
    loadPct: 70,
    position: { lat: 35.6581, lon: 139.7017 },
    ...overrides,
  };
}

/** Publishes `machineReading(seq)` of a device on its telemetry topic at QoS 1: resolves on its PUBACK. */
export function publishReading(client: MqttClient, deviceId: string, seq: number): Promise<unknown> {
  return client.publishAsync(deviceTopic(deviceId, 'telemetry'), JSON.stringify(machineReading(seq)), { qos: 1 });
}

export interface DeviceCredentials {
  readonly deviceId: string;
  readonly password: string;
}

/** Connects like a device: client id = username = device id, no automatic reconnect. */
export function connectDevice(url: string, creds: DeviceCredentials, extra: mqtt.IClientOptions = {}): Promise<MqttClient> {
  rememberSecret(creds.password); // right or wrong, a password never reaches a log line
  return mqtt.connectAsync(url, {
    clientId: creds.deviceId,
    username: creds.deviceId,
    password: creds.password,
    reconnectPeriod: 0,
    connectTimeout: 5000,
    ...extra,
  });
}

/** The CONNACK return code a refused connection got (mqtt.js puts it in `code`). */
export async function connackCodeOf(attempt: Promise<MqttClient>): Promise<number | 'connected'> {
  try {
    const client = await attempt;
    await client.endAsync();
    return 'connected';
  } catch (err) {
    return (err as { code?: number }).code ?? -1;
  }
}

/** Resolves when the client's connection closes. */
export function closed(client: MqttClient): Promise<void> {
  return new Promise((resolve) => {
    if (!client.connected) return resolve();
    client.once('close', () => resolve());
  });
}
