/**
 * MQTT load generator, run as its own process so it does not share an event loop
 * with the broker under test. Each device publishes QoS 1 with a bounded window of
 * in-flight messages; latency is publish → PUBACK (for Tsunagu: → Kafka ack).
 * Input (argv[2], JSON): { url, devices: [{ deviceId, password }], seconds, window, topicOf: 'tsunagu' | 'plain' }.
 * Output (stdout, one JSON line): { sent, acked, errors, seconds, latenciesMs: { p50, p99, max } }.
 */
import mqtt, { type MqttClient } from 'mqtt';

interface LoadInput {
  url: string;
  devices: Array<{ deviceId: string; password: string }>;
  seconds: number;
  window: number;
  warmupSeconds: number;
}

function reading(seq: number): string {
  return JSON.stringify({
    seq,
    ts: Date.now(),
    engineHours: 1200 + seq / 3600,
    engineState: 'working',
    coolantTempC: 85 + (seq % 7),
    engineOilPressureKpa: 380,
    hydraulicPressureBar: 240,
    hydraulicTempC: 60,
    vibrationRmsMmS: 4.2,
    fuelRateLph: 18.5,
    fuelLevelPct: 64,
    loadPct: 72,
    position: { lat: 35.6581, lon: 139.7017 },
  });
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function main(): Promise<void> {
  const input = JSON.parse(process.argv[2]!) as LoadInput;
  const clients: MqttClient[] = await Promise.all(
    input.devices.map((d) =>
      mqtt.connectAsync(input.url, { clientId: d.deviceId, username: d.deviceId, password: d.password, reconnectPeriod: 0, keepalive: 60 }),
    ),
  );
  const latencies: number[] = [];
  let sent = 0;
  let acked = 0;
  let errors = 0;
  const startAt = Date.now() + input.warmupSeconds * 1000;
  const endAt = startAt + input.seconds * 1000;
  await Promise.all(
    clients.map(async (client, i) => {
      const topic = `tsunagu/v1/devices/${input.devices[i]!.deviceId}/telemetry`;
      let seq = 0;
      const lane = async (): Promise<void> => {
        while (Date.now() < endAt) {
          const t0 = process.hrtime.bigint();
          const counted = Date.now() >= startAt;
          if (counted) sent++;
          try {
            await client.publishAsync(topic, reading(seq++), { qos: 1 });
            if (counted) {
              acked++;
              latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
            }
          } catch {
            errors++;
          }
        }
      };
      await Promise.all(Array.from({ length: input.window }, lane));
    }),
  );
  await Promise.all(clients.map((c) => c.endAsync()));
  latencies.sort((a, b) => a - b);
  process.stdout.write(
    JSON.stringify({
      sent,
      acked,
      errors,
      seconds: input.seconds,
      latenciesMs: { p50: percentile(latencies, 50), p99: percentile(latencies, 99), max: latencies[latencies.length - 1] ?? 0 },
    }) + '\n',
  );
}

main().catch((err: Error) => {
  process.stderr.write(`load generator failed: ${err.message}\n`);
  process.exit(1);
});
