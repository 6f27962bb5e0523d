/**
 * MQTT load generator, run as its own process so it does not share an event loop
 * with the broker under test. Each device publishes QoS 1 with a bounded window of
 * in-flight messages; latency is publish → PUBACK (for Tsunagu: → Kafka ack).
 * Input (argv[2], JSON): { url, devices: [{ deviceId, password }], seconds, window, warmupSeconds, rate? }.
 * Without `rate` each device keeps `window` messages in flight (closed loop: the
 * broker's speed sets the rate). With `rate` (msg/s over all devices) the devices
 * publish on a schedule whatever the answers (open loop, at most `window` × 100 in
 * flight per device), so latency is measured at a chosen load.
 * Output (stdout, one JSON line): { sent, acked, errors, seconds, latenciesMs: { p50, p99, max }, ackedWithWarmup, cpuMs }
 * (acked and latencies count the measured seconds only; cpuMs is this process's CPU over the whole run).
 */
import mqtt, { type MqttClient } from 'mqtt';

interface LoadInput {
  url: string;
  devices: Array<{ deviceId: string; password: string }>;
  seconds: number;
  window: number;
  warmupSeconds: number;
  rate?: number;
}

/** How often a paced device publishes what its schedule owes, ms. */
const PACE_TICK_MS = 5;

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

/** Publishes `perSecond` messages a second on a schedule until `endAt`, never more than `maxInFlight` unanswered. */
async function paced(publish: () => Promise<void>, perSecond: number, endAt: number, maxInFlight: number): Promise<void> {
  const started = Date.now();
  let issued = 0;
  let inFlight = 0;
  const pending = new Set<Promise<void>>();
  while (Date.now() < endAt) {
    const due = Math.floor(((Date.now() - started) / 1000) * perSecond);
    for (; issued < due && inFlight < maxInFlight; issued++) {
      inFlight++;
      const p: Promise<void> = publish().finally(() => {
        inFlight--;
        pending.delete(p);
      });
      pending.add(p);
    }
    await new Promise((r) => setTimeout(r, PACE_TICK_MS));
  }
  await Promise.all(pending);
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
  let ackedWithWarmup = 0;
  const cpu = process.cpuUsage();
  const startAt = Date.now() + input.warmupSeconds * 1000;
  const endAt = startAt + input.seconds * 1000;
  await Promise.all(
    clients.map(async (client, i) => {
      const topic = `tsunagu/v1/devices/${input.devices[i]!.deviceId}/telemetry`;
      let seq = 0;
      const publish = async (): Promise<void> => {
        const t0 = process.hrtime.bigint();
        const counted = Date.now() >= startAt;
        if (counted) sent++;
        try {
          await client.publishAsync(topic, reading(seq++), { qos: 1 });
          ackedWithWarmup++;
          if (counted) {
            acked++;
            latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
          }
        } catch {
          errors++;
        }
      };
      if (input.rate !== undefined) return paced(publish, input.rate / clients.length, endAt, input.window * 100);
      const lane = async (): Promise<void> => {
        while (Date.now() < endAt) await publish();
      };
      await Promise.all(Array.from({ length: input.window }, lane));
    }),
  );
  const used = process.cpuUsage(cpu);
  await Promise.all(clients.map((c) => c.endAsync()));
  latencies.sort((a, b) => a - b);
  process.stdout.write(
    JSON.stringify({
      sent,
      acked,
      errors,
      seconds: input.seconds,
      latenciesMs: { p50: percentile(latencies, 50), p99: percentile(latencies, 99), max: latencies[latencies.length - 1] ?? 0 },
      ackedWithWarmup,
      cpuMs: Math.round((used.user + used.system) / 1000),
    }) + '\n',
  );
}

main().catch((err: Error) => {
  process.stderr.write(`load generator failed: ${err.message}\n`);
  process.exit(1);
});
