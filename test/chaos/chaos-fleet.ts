/**
 * A fleet of devices (machines, vehicles) publishing known reading sequences over
 * MQTT (QoS 1) as a device does: a window of readings in flight, and after a lost connection (a
 * broker killed, Kafka withholding PUBACKs) a reconnect to any broker it knows and
 * a resend from the first reading not yet PUBACKed. It records exactly which
 * readings were PUBACKed: what the platform promised to keep.
 */
import mqtt, { type MqttClient } from 'mqtt';
import { deviceTopic } from '@tsunagu/contracts';
import type { Device } from '../../apps/operation-analysis/test/pair1-fixtures';

/** A known episode in a device's readings: what it is, from which reading index to which (exclusive). */
export interface Episode<K extends string> {
  readonly kind: K;
  readonly from: number;
  readonly to: number;
}

/** Episodes as `[kind, where (fraction of the readings), readings long]`: even devices get `even`, odd ones `odd`. */
export function episodesOf<K extends string>(i: number, count: number, even: ReadonlyArray<readonly [K, number, number]>, odd: ReadonlyArray<readonly [K, number, number]>): Episode<K>[] {
  return (i % 2 === 0 ? even : odd).map(([kind, at, length]) => ({ kind, from: Math.floor(count * at), to: Math.floor(count * at) + length }));
}

export interface FleetOptions {
  /** readings in flight per machine */
  readonly window: number;
  /** ms between windows while paced (0: as fast as PUBACKs come) */
  readonly paceMs: number;
  /** ms a window may wait for its PUBACKs before the connection is given up and the rest resent */
  readonly ackTimeoutMs: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** What every reading of a device has: its sequence number (the device's order). */
export interface Sequenced {
  readonly seq: number;
}

/** What a fleet and the checks read of a device's publisher, whatever its readings. */
export interface FleetMember {
  readonly device: Device;
  readonly readings: readonly Sequenced[];
  readonly acked: ReadonlySet<number>;
  readonly resent: number;
  readonly reconnects: number;
  readonly done: boolean;
  run(): Promise<void>;
  drain(): void;
  stop(): void;
}

export class DevicePublisher<R extends Sequenced = Sequenced> implements FleetMember {
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
    readonly readings: readonly R[],
    /** what the device sends for a reading (the payload without what the broker adds) */
    private readonly payload: (r: R) => unknown,
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
    // devices spread over the brokers they know
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
        client.publishAsync(topic, JSON.stringify(this.payload(r)), { qos: 1 }).then(
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

export class Fleet<M extends FleetMember = FleetMember> {
  private runs: Promise<void>[] = [];

  constructor(readonly devices: readonly M[]) {}

  start(): void {
    this.runs = this.devices.map((m) => m.run());
  }

  get acked(): number {
    return this.devices.reduce((n, m) => n + m.acked.size, 0);
  }

  get total(): number {
    return this.devices.reduce((n, m) => n + m.readings.length, 0);
  }

  /** Publishes the rest unpaced and resolves when every reading was acknowledged. */
  async finish(): Promise<void> {
    for (const m of this.devices) m.drain();
    await Promise.all(this.runs);
  }

  stop(): void {
    for (const m of this.devices) m.stop();
  }
}
