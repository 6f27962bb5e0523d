/**
 * A fleet of machines publishing known reading sequences over MQTT (QoS 1) as a
 * device does: a window of readings in flight, and after a lost connection (a
 * broker killed, Kafka withholding PUBACKs) a reconnect to any broker it knows and
 * a resend from the first reading not yet PUBACKed. It records exactly which
 * readings were PUBACKed: what the platform promised to keep.
 */
import mqtt, { type MqttClient } from 'mqtt';
import { deviceTopic, type MachineTelemetryV1 } from '@tsunagu/contracts';
import { payloadOf, type Device } from '../../apps/operation-analysis/test/pair1-fixtures';

export interface FleetOptions {
  /** readings in flight per machine */
  readonly window: number;
  /** ms between windows while paced (0: as fast as PUBACKs come) */
  readonly paceMs: number;
  /** ms a window may wait for its PUBACKs before the connection is given up and the rest resent */
  readonly ackTimeoutMs: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class MachinePublisher {
  readonly acked = new Set<number>();
  private readonly sent = new Set<number>();
  /** readings sent again after a lost connection (their first PUBACK never came) */
  resent = 0;
  reconnects = 0;
  private next = 0;
  private paced = true;
  private stopped = false;

  constructor(
    readonly device: Device,
    readonly readings: readonly MachineTelemetryV1[],
    private readonly brokers: () => readonly string[],
    private readonly opts: FleetOptions,
  ) {}

  get done(): boolean {
    return this.next >= this.readings.length;
  }

  /** Stops pacing: the rest goes out as fast as it is acknowledged. */
  drain(): void {
    this.paced = false;
  }

  stop(): void {
    this.stopped = true;
  }

  async run(): Promise<void> {
    // machines spread over the brokers they know
    let attempt = Math.abs(hash(this.device.deviceId));
    while (!this.done && !this.stopped) {
      const urls = this.brokers();
      const url = urls[attempt++ % urls.length]!;
      let client: MqttClient;
      try {
        client = await mqtt.connectAsync(url, {
          clientId: this.device.deviceId,
          username: this.device.deviceId,
          password: this.device.password,
          reconnectPeriod: 0,
          connectTimeout: 3000,
          keepalive: 10,
        });
      } catch {
        await sleep(250);
        continue;
      }
      try {
        await this.publishOn(client);
      } finally {
        client.end(true);
      }
      if (!this.done) this.reconnects++;
    }
  }

  /** Publishes windows until done or the connection fails; returns on failure (the caller reconnects). */
  private async publishOn(client: MqttClient): Promise<void> {
    const topic = deviceTopic(this.device.deviceId, 'telemetry');
    const lost = new Promise<'lost'>((resolve) => {
      client.once('close', () => resolve('lost'));
      client.once('error', () => resolve('lost'));
    });
    while (!this.done && !this.stopped) {
      const from = this.next;
      const batch = this.readings.slice(from, from + this.opts.window);
      for (const r of batch) {
        if (this.sent.has(r.seq)) this.resent++;
        this.sent.add(r.seq);
      }
      const acks = batch.map((r) =>
        client.publishAsync(topic, JSON.stringify(payloadOf(r)), { qos: 1 }).then(
          () => void this.acked.add(r.seq),
          () => undefined,
        ),
      );
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), this.opts.ackTimeoutMs)));
      const outcome = await Promise.race([Promise.all(acks).then(() => 'acked' as const), lost, timeout]);
      clearTimeout(timer);
      // resume at the first reading of the window not acknowledged (readings are sent in order)
      let i = from;
      while (i < from + batch.length && this.acked.has(this.readings[i]!.seq)) i++;
      this.next = i;
      if (outcome !== 'acked' || i < from + batch.length) return;
      if (this.paced && this.opts.paceMs > 0) await sleep(this.opts.paceMs);
    }
  }
}

function hash(s: string): number {
  let h = 0;
  for (const c of s) h = (h * 31 + c.charCodeAt(0)) | 0;
  return h;
}

export class Fleet {
  private runs: Promise<void>[] = [];

  constructor(readonly machines: readonly MachinePublisher[]) {}

  start(): void {
    this.runs = this.machines.map((m) => m.run());
  }

  get acked(): number {
    return this.machines.reduce((n, m) => n + m.acked.size, 0);
  }

  get total(): number {
    return this.machines.reduce((n, m) => n + m.readings.length, 0);
  }

  /** Publishes the rest unpaced and resolves when every reading was acknowledged. */
  async finish(): Promise<void> {
    for (const m of this.machines) m.drain();
    await Promise.all(this.runs);
  }

  stop(): void {
    for (const m of this.machines) m.stop();
  }
}
