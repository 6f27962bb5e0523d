/**
 * Connection load generator, its own process (it does not share an event loop with
 * the broker under test). Its first stdin line is the input, JSON: { url, devices: [{ deviceId, password }] }
 * (thousands of devices do not fit in argv); then commands, one per line:
 *   connect  every device opens its MQTT connection at once; answers
 *            { connected, failed, ms } (ms: first socket opened → last CONNACK)
 *   close    every connection ends (DISCONNECT); answers { closed }
 *   exit     the process ends
 */
import { createInterface } from 'node:readline';
import mqtt, { type MqttClient } from 'mqtt';

interface ConnectInput {
  url: string;
  devices: Array<{ deviceId: string; password: string }>;
}

let input: ConnectInput | null = null;
let clients: MqttClient[] = [];

const answer = (value: object): boolean => process.stdout.write(`${JSON.stringify(value)}\n`);

async function connectAll(): Promise<void> {
  const started = process.hrtime.bigint();
  const results = await Promise.allSettled(
    input!.devices.map((d) =>
      mqtt.connectAsync(input!.url, { clientId: d.deviceId, username: d.deviceId, password: d.password, reconnectPeriod: 0, keepalive: 600, connectTimeout: 60_000 }),
    ),
  );
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  clients = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const failed = results.filter((r) => r.status === 'rejected') as PromiseRejectedResult[];
  answer({ connected: clients.length, failed: failed.length, firstError: (failed[0]?.reason as Error | undefined)?.message, ms });
}

async function closeAll(): Promise<void> {
  await Promise.all(clients.map((c) => c.endAsync()));
  answer({ closed: clients.length });
  clients = [];
}

const commands: Record<string, () => Promise<void>> = { connect: connectAll, close: closeAll, exit: async () => process.exit(0) };

createInterface({ input: process.stdin }).on('line', (line) => {
  if (!input) {
    input = JSON.parse(line) as ConnectInput;
    return;
  }
  const command = commands[line.trim()];
  if (command) void command().catch((err: Error) => answer({ error: err.message }));
});
