/* eslint-disable max-lines -- the agent's connection life cycle (connect, classify a refusal, back off, drain the outbox in order, keep QoS 1 in flight bounded) is one state machine around one MQTT client; the queues and the refusal rules live in their own files. */
import { EventEmitter } from 'node:events';
import * as fs from 'node:fs';
import * as path from 'node:path';
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import {
  MQTT_CHANNELS,
  deviceCommandMessageV1Schema,
  deviceDesiredStateMessageV1Schema,
  deviceTopic,
  parseJson,
  type DeviceCommandAckV1,
  type DeviceDesiredStateMessageV1,
  type MqttChannel,
} from '@tsunagu/contracts';
import { createLogger, type Logger } from '@tsunagu/platform/logging/logger';
import type { CommandHandler } from './commands/standard-commands';
import { classifyConnectError, reconnectDelay, type ConnectFailure } from './connect-failure';
import { DiskQueue, type FsyncMode } from './queue/disk-queue';
import { MemoryQueue } from './queue/memory-queue';
import { DEFAULT_QUEUE_LIMITS, QueueFullError, type OutboxQueue, type QueueEntry, type QueueLimits } from './queue/outbox-queue';

export interface DeviceAgentOptions {
  /** `mqtt://host:port` or `mqtts://host:port` (TLS) */
  readonly url: string;
  readonly deviceId: string;
  readonly password: string;
  /** PEM file of the CA that signed the broker's certificate (TLS only) */
  readonly caFile?: string;
  /** where the outbox lives (`<dataDir>/<deviceId>/`); omit for an in-memory outbox */
  readonly dataDir?: string;
  /** a ready-made outbox (tests, simulators); wins over dataDir */
  readonly queue?: OutboxQueue;
  readonly queueLimits?: QueueLimits;
  readonly fsync?: FsyncMode;
  /** QoS 1 messages sent but not yet acked, per connection */
  readonly maxInFlight?: number;
  /** s, MQTT keep-alive */
  readonly keepaliveSec?: number;
  /** ms to wait for CONNACK */
  readonly connectTimeoutMs?: number;
  /** ms a sent message may wait for its PUBACK before the connection is considered stuck */
  readonly ackTimeoutMs?: number;
  readonly logger?: Logger;
  /** epoch ms for `ts` when the caller gives none */
  readonly clock?: () => number;
  readonly random?: () => number;
}

export interface DeviceAgentStats {
  readonly connected: boolean;
  readonly pending: number;
  readonly inFlight: number;
  readonly sent: number;
  readonly acked: number;
  readonly dropped: number;
  readonly refused: number;
  readonly connects: number;
  readonly failedConnects: number;
  readonly lastFailure: ConnectFailure | null;
  readonly nextSeq: number;
}

export interface DeviceCommand {
  readonly topic: string;
  /** the parsed JSON body, or the raw text when it is not JSON */
  readonly body: unknown;
}

interface AgentEvents {
  connected: [];
  disconnected: [ConnectFailure | null];
  acked: [QueueEntry];
  /** every message on the commands topic, as it came */
  command: [DeviceCommand];
  /** what the platform wants the device's state to be, and the keys where the last report differs */
  desired: [DeviceDesiredStateMessageV1];
}

/** Command ids remembered against QoS 1 redelivery (the same command is run once). */
const SEEN_COMMANDS = 1000;

/** Payload of the last will and of a graceful "going offline" (the broker publishes it on our status topic). */
export const OFFLINE_STATUS = JSON.stringify({ online: false });

/**
 * A device's link to the platform. Every reading goes into the outbox first (with its
 * `seq` = the outbox id, so it keeps increasing across restarts), is published at QoS 1
 * in order, and leaves the outbox only when its PUBACK arrived. While the platform is
 * unreachable readings pile up in the (bounded) outbox; on reconnect everything unacked
 * is resent from the oldest. Reconnects use exponential backoff per failure kind, so
 * wrong credentials never turn into a tight loop.
 */
export class DeviceAgent extends EventEmitter<AgentEvents> {
  private readonly queue: OutboxQueue;
  private readonly log: Logger;
  private client: MqttClient | null = null;
  private connected = false;
  private stopped = true;
  /** bumps per connection; callbacks of an older connection no longer count as in flight */
  private generation = 0;
  /** highest id sent on the current connection */
  private sentThrough = 0;
  private readonly inFlight = new Map<number, number>(); // id → sent at (ms)
  private failedAttempts = 0;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private watchdog: NodeJS.Timeout | null = null;
  private lastFailure: ConnectFailure | null = null;
  private lastDropLogAt = 0;
  private counters = { sent: 0, acked: 0, connects: 0, failedConnects: 0 };
  private drainWaiters: Array<() => void> = [];
  private commandHandler: CommandHandler | null = null;
  private readonly seenCommands = new Set<string>();
  /** commands run one after the other, in the order they arrived */
  private commandChain: Promise<void> = Promise.resolve();

  constructor(private readonly options: DeviceAgentOptions) {
    super();
    this.log = (options.logger ?? createLogger('device-agent')).child(options.deviceId);
    const limits = options.queueLimits ?? DEFAULT_QUEUE_LIMITS;
    this.queue =
      options.queue ??
      (options.dataDir
        ? new DiskQueue({ dir: path.join(options.dataDir, options.deviceId), limits, fsync: options.fsync, logger: this.log })
        : new MemoryQueue(limits));
  }

  get deviceId(): string {
    return this.options.deviceId;
  }

  /** Opens the outbox and starts connecting in the background (never throws for network reasons). */
  async start(): Promise<void> {
    if (!this.stopped) return;
    await this.queue.open();
    this.stopped = false;
    this.watchdog = setInterval(() => this.checkStuck(), Math.max(1000, Math.floor((this.options.ackTimeoutMs ?? 30_000) / 4)));
    this.watchdog.unref();
    this.connect();
  }

  /** Queues one telemetry reading: adds `seq` and `ts` (epoch ms; the reading's own `ts` wins). */
  publishTelemetry(reading: Record<string, unknown>, ts?: number): QueueEntry {
    const at = ts ?? (typeof reading.ts === 'number' ? reading.ts : (this.options.clock ?? Date.now)());
    return this.enqueue('telemetry', (seq) => JSON.stringify({ ...reading, seq, ts: at }));
  }

  /** Queues a message on one of the device's channels (e.g. a tweet on `tweets`). */
  publishJson(channel: MqttChannel, body: unknown): QueueEntry {
    return this.enqueue(channel, () => JSON.stringify(body));
  }

  /**
   * Runs the platform's commands: each command (by id, once) goes to `handler`;
   * its result, or the error it threw, is answered on `commands/ack` through the
   * outbox, so an answer survives a lost connection. A command past its expiry
   * is answered `failed` without running.
   */
  handleCommands(handler: CommandHandler): void {
    this.commandHandler = handler;
  }

  /** Reports the device's state (`state/reported`), through the outbox. */
  reportState(reported: Record<string, unknown>): QueueEntry {
    return this.publishJson(MQTT_CHANNELS.stateReported, { reported });
  }

  /** Resolves once every queued entry was acked (or after `timeoutMs`, with false). */
  async drain(timeoutMs = 30_000): Promise<boolean> {
    if (this.queue.stats().pending === 0) return true;
    return new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => {
        this.drainWaiters = this.drainWaiters.filter((w) => w !== done);
        resolve(false);
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        resolve(true);
      };
      this.drainWaiters.push(done);
    });
  }

  /** Resolves when connected (false after `timeoutMs`). */
  async waitConnected(timeoutMs = 30_000): Promise<boolean> {
    if (this.connected) return true;
    return new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => {
        this.off('connected', on);
        resolve(false);
      }, timeoutMs);
      const on = () => {
        clearTimeout(timer);
        resolve(true);
      };
      this.once('connected', on);
    });
  }

  stats(): DeviceAgentStats {
    const q = this.queue.stats();
    return {
      connected: this.connected,
      pending: q.pending,
      inFlight: this.inFlight.size,
      sent: this.counters.sent,
      acked: this.counters.acked,
      dropped: q.dropped,
      refused: q.refused,
      connects: this.counters.connects,
      failedConnects: this.counters.failedConnects,
      lastFailure: this.lastFailure,
      nextSeq: q.nextId,
    };
  }

  /**
   * Stops: a graceful DISCONNECT (so the broker does not publish the will) unless
   * `abrupt`, then closes the outbox. Unacked entries stay in a disk outbox for next time.
   */
  async stop({ abrupt = false }: { abrupt?: boolean } = {}): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    if (this.watchdog) clearInterval(this.watchdog);
    this.reconnectTimer = this.watchdog = null;
    const client = this.client;
    this.client = null;
    this.connected = false;
    this.generation += 1;
    if (client) await new Promise<void>((resolve) => client.end(abrupt, {}, () => resolve()));
    await this.queue.close();
  }

  private enqueue(channel: MqttChannel, build: (id: number) => string): QueueEntry {
    const { entry, dropped } = this.queue.append(deviceTopic(this.options.deviceId, channel), build);
    if (dropped > 0) this.reportDrops();
    if (!entry) {
      const err = new QueueFullError(this.options.queueLimits ?? DEFAULT_QUEUE_LIMITS);
      this.log.warn('outbox full: reading refused', { policy: 'refuse', ...this.queue.stats() });
      throw err;
    }
    this.pump();
    return entry;
  }

  private reportDrops(): void {
    const now = Date.now();
    if (now - this.lastDropLogAt < 10_000) return;
    this.lastDropLogAt = now;
    const s = this.queue.stats();
    this.log.warn('outbox full: dropping the oldest unsent readings', { policy: 'drop-oldest', droppedTotal: s.dropped, pending: s.pending });
  }

  private connect(): void {
    if (this.stopped) return;
    const generation = ++this.generation;
    const opts: IClientOptions = {
      clientId: this.options.deviceId,
      username: this.options.deviceId,
      password: this.options.password,
      protocolVersion: 4,
      clean: true,
      keepalive: this.options.keepaliveSec ?? 30,
      connectTimeout: this.options.connectTimeoutMs ?? 10_000,
      // we reconnect ourselves, with backoff per failure kind and a fresh outbox cursor
      reconnectPeriod: 0,
      resubscribe: false,
      will: { topic: deviceTopic(this.options.deviceId, 'status'), payload: Buffer.from(OFFLINE_STATUS), qos: 1, retain: false },
    };
    if (this.options.caFile) opts.ca = fs.readFileSync(this.options.caFile);
    const client = mqtt.connect(this.options.url, opts);
    this.client = client;
    let failure: ConnectFailure | null = null;

    client.on('connect', () => {
      if (generation !== this.generation) return;
      this.connected = true;
      this.counters.connects += 1;
      if (this.failedAttempts > 0 || this.lastFailure) this.log.info('connected again', { url: this.options.url, pending: this.queue.stats().pending });
      else this.log.info('connected', { url: this.options.url });
      this.failedAttempts = 0;
      this.lastFailure = null;
      this.sentThrough = this.queue.ackedId;
      this.inFlight.clear();
      const own = [MQTT_CHANNELS.commands, MQTT_CHANNELS.stateDesired].map((c) => deviceTopic(this.options.deviceId, c));
      client.subscribe(own, { qos: 1 }, (err) => {
        if (err && generation === this.generation) this.log.warn('could not subscribe to commands and desired state', { error: err.message });
      });
      this.emit('connected');
      this.pump();
    });
    client.on('message', (topic, payload) => {
      if (topic === deviceTopic(this.options.deviceId, MQTT_CHANNELS.stateDesired)) return this.onDesired(payload);
      if (this.commandHandler) {
        this.commandChain = this.commandChain.then(() => this.runCommand(payload)).catch((err: Error) => this.log.warn('command failed unexpectedly', { error: err.message }));
      }
      const text = payload.toString('utf8');
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // not JSON: hand over the text
      }
      this.emit('command', { topic, body });
    });
    client.on('error', (err) => {
      failure = classifyConnectError(err, this.options.url);
    });
    client.on('close', () => {
      if (generation !== this.generation) return;
      const wasConnected = this.connected;
      this.connected = false;
      this.client = null;
      this.inFlight.clear();
      client.end(true);
      if (this.stopped) return;
      const f = failure ?? { kind: 'unreachable' as const, message: `the connection to ${this.options.url} closed` };
      this.lastFailure = f;
      if (wasConnected) this.emit('disconnected', f);
      else this.counters.failedConnects += 1;
      // a connection that worked resets the backoff; repeated failures grow it
      const attempt = wasConnected ? 0 : this.failedAttempts++;
      const delay = reconnectDelay(f.kind, attempt, this.options.random);
      this.log.warn(`${f.message}; retrying in ${(delay / 1000).toFixed(1)} s`, {
        failure: f.kind,
        attempt: attempt + 1,
        retryInMs: delay,
        buffered: this.queue.stats().pending,
      });
      this.reconnectTimer = setTimeout(() => {
        this.reconnectTimer = null;
        this.connect();
      }, delay);
    });
  }

  private async runCommand(payload: Buffer): Promise<void> {
    const parsed = parseJson(deviceCommandMessageV1Schema, payload);
    if (!parsed.ok) return void this.log.warn('command ignored: not a command message', { detail: parsed.detail });
    const command = parsed.value;
    if (this.seenCommands.has(command.commandId)) return; // [MQTT-4.3.2] QoS 1 may deliver it again
    this.seenCommands.add(command.commandId);
    if (this.seenCommands.size > SEEN_COMMANDS) this.seenCommands.delete(this.seenCommands.values().next().value!);
    let ack: DeviceCommandAckV1;
    if (command.expiresAt < (this.options.clock ?? Date.now)()) {
      ack = { commandId: command.commandId, status: 'failed', error: 'expired before it arrived' };
    } else {
      try {
        const result = await this.commandHandler!(command);
        ack = { commandId: command.commandId, status: 'succeeded', ...(result ? { result } : {}) };
      } catch (err) {
        ack = { commandId: command.commandId, status: 'failed', error: (err as Error).message.slice(0, 2000) };
      }
    }
    this.log.info('command answered', { commandId: command.commandId, name: command.name, status: ack.status, error: ack.error });
    try {
      this.publishJson(MQTT_CHANNELS.commandAck, ack);
    } catch (err) {
      this.log.warn('could not queue a command ack', { commandId: command.commandId, error: (err as Error).message });
    }
  }

  private onDesired(payload: Buffer): void {
    const parsed = parseJson(deviceDesiredStateMessageV1Schema, payload);
    if (!parsed.ok) return void this.log.warn('desired state ignored', { detail: parsed.detail });
    this.emit('desired', parsed.value);
  }

  /** Sends the next unacked entries in id order, up to the in-flight window. */
  private pump(): void {
    const client = this.client;
    if (!client || !this.connected) return;
    const room = (this.options.maxInFlight ?? 64) - this.inFlight.size;
    if (room <= 0) return;
    const generation = this.generation;
    for (const entry of this.queue.entriesAfter(this.sentThrough, room)) {
      this.sentThrough = entry.id;
      this.inFlight.set(entry.id, Date.now());
      this.counters.sent += 1;
      client.publish(entry.topic, entry.payload, { qos: 1 }, (err) => {
        if (err) return; // connection lost: the entry is still in the outbox and goes again
        this.onAck(entry, generation);
      });
    }
  }

  private onAck(entry: QueueEntry, generation: number): void {
    // a PUBACK is a PUBACK, even from the connection before this one
    if (entry.id > this.queue.ackedId) {
      this.queue.ack(entry.id);
      this.counters.acked += 1;
      this.emit('acked', entry);
    }
    if (generation !== this.generation) return;
    this.inFlight.delete(entry.id);
    if (this.queue.stats().pending === 0) {
      const waiters = this.drainWaiters;
      this.drainWaiters = [];
      for (const w of waiters) w();
    }
    this.pump();
  }

  /** A PUBACK that never comes (a broker that lost the message) must not stall the outbox forever. */
  private checkStuck(): void {
    if (!this.connected || this.inFlight.size === 0) return;
    const oldest = Math.min(...this.inFlight.values());
    const limit = this.options.ackTimeoutMs ?? 30_000;
    if (Date.now() - oldest < limit) return;
    this.log.warn('no PUBACK within the ack timeout; reconnecting to resend', { ackTimeoutMs: limit, inFlight: this.inFlight.size });
    this.client?.stream.destroy();
  }
}
