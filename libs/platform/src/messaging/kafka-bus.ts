/* eslint-disable max-lines -- the Kafka side of the MessageBus in one place: the idempotent producer, consumers that kafkajs may leave dead (restarted with backoff), lag, and the log suppression that keeps an outage to one line per state change */
import { Kafka, Partitioners, logLevel, type Admin, type Consumer, type KafkaConfig, type LogEntry } from 'kafkajs';
import { deadLetterTopicOf } from '@tsunagu/contracts';
import { backoffDelay, sleep } from '../errors/backoff';
import { isRetriable } from '../errors/tsunagu.error';
import { createLogger, type Logger } from '../logging/logger';
import { installRecordEncoder } from './kafkajs-records';
import { BatchingProducer } from './batching-producer';
import { ProducerLanes } from './producer-lanes';
import type {
  BusHealth,
  IncomingMessage,
  MessageBus,
  OutgoingMessage,
  SubscribeOptions,
  Subscription,
} from './message-bus';

export interface KafkaBusOptions {
  readonly brokers: readonly string[];
  readonly clientId: string;
  /** prepended to every topic and group id; lets tests share one cluster */
  readonly topicPrefix?: string;
  readonly partitions?: number;
  readonly replicationFactor?: number;
  readonly maxBatch?: number;
  readonly lingerMs?: number;
  /** independent idempotent producers, one request in flight each; a key always takes the same one (per-key order) */
  readonly producerLanes?: number;
  /** consumer session timeout, ms: how fast a dead instance's partitions move */
  readonly sessionTimeoutMs?: number;
  readonly logger?: Logger;
  /** TLS to the brokers (kafkajs `ssl`: CA, client certificate and key); undefined = plaintext */
  readonly ssl?: KafkaConfig['ssl'];
  /** SASL authentication (kafkajs `sasl`) */
  readonly sasl?: KafkaConfig['sasl'];
}

/** kafkajs logs every retried response as ERROR; it retries them itself, so they are warnings here. */
const KAFKA_LOG_LEVELS: Record<number, 'error' | 'warn' | 'info' | 'debug'> = {
  [logLevel.ERROR]: 'warn',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'info',
  [logLevel.DEBUG]: 'debug',
};

/** Produce requests a bus keeps in flight at most (one per lane), unless configured. */
export const DEFAULT_PRODUCER_LANES = 1;

/** The Kafka implementation of the bus (kafkajs). */
export class KafkaBus implements MessageBus {
  readonly kind = 'kafka' as const;
  private readonly kafka: Kafka;
  private readonly producer: ProducerLanes;
  private readonly logger: Logger;
  private readonly prefix: string;
  private readonly consumers = new Set<Consumer>();
  /** consumers waiting to be made again after a crash kafkajs would not restart */
  private readonly restarts = new Set<NodeJS.Timeout>();
  private closed = false;
  private admin: Admin | null = null;
  private readonly ensured = new Set<string>();

  constructor(private readonly opts: KafkaBusOptions) {
    this.logger = opts.logger ?? createLogger('kafka');
    this.prefix = opts.topicPrefix ?? '';
    const kafkaLogger = this.logger.child('client');
    // before the first send loads kafkajs' produce request: its record encoder, same bytes in a sixth of the CPU
    if (!installRecordEncoder()) this.logger.debug('kafkajs produce request loaded before the bus: its own record encoder stays');
    const quiet = new RepeatSuppressor(60_000);
    this.kafka = new Kafka({
      clientId: opts.clientId,
      brokers: [...opts.brokers],
      ssl: opts.ssl,
      sasl: opts.sasl,
      connectionTimeout: 3000,
      requestTimeout: 15000,
      retry: { retries: 3, initialRetryTime: 100, maxRetryTime: 2000 },
      logLevel: logLevel.WARN,
      logCreator:
        () =>
        ({ level, log }: LogEntry) => {
          const { message, ...rest } = log;
          // kafkajs repeats the same warning on every retry of every connection during an outage: once a minute is enough
          const repeated = quiet.check(`${level}:${String(message)}`);
          if (repeated === null) return;
          kafkaLogger[KAFKA_LOG_LEVELS[level] ?? 'info'](String(message), repeated > 0 ? { ...rest, repeatedSinceLast: repeated } : rest);
        },
    });
    const lane = (i: number): BatchingProducer =>
      new BatchingProducer({
        producer: this.kafka.producer({
          // murmur2 like the Java client, so keys land on the same partitions as other producers'
          createPartitioner: Partitioners.DefaultPartitioner,
          allowAutoTopicCreation: false,
          // idempotent: a request retried while the broker shuts down is not written twice (needs acks=all, one request in flight)
          idempotent: true,
          maxInFlightRequests: 1,
          retry: { retries: 2, initialRetryTime: 100, maxRetryTime: 1000 },
        }),
        logger: this.logger.child(`producer.${i}`),
        maxBatch: opts.maxBatch ?? 1000,
        lingerMs: opts.lingerMs ?? 2,
      });
    this.producer = new ProducerLanes(Array.from({ length: Math.max(1, opts.producerLanes ?? DEFAULT_PRODUCER_LANES) }, (_, i) => lane(i)));
  }

  topicName(topic: string): string {
    return `${this.prefix}${topic}`;
  }

  publish(topic: string, messages: readonly OutgoingMessage[]): Promise<void> {
    return this.producer.send(this.topicName(topic), messages);
  }

  get pendingRecords(): number {
    return this.producer.pendingCount;
  }

  async ensureTopics(topics: readonly string[], options: { compacted?: boolean } = {}): Promise<void> {
    const wanted = topics
      .flatMap((t) => [t, deadLetterTopicOf(t)])
      .map((t) => this.topicName(t))
      .filter((t) => !this.ensured.has(t));
    if (wanted.length === 0) return;
    for (let attempt = 0; ; attempt++) {
      try {
        this.admin ??= this.kafka.admin();
        await this.admin.connect();
        const existing = new Set(await this.admin.listTopics());
        const missing = wanted.filter((t) => !existing.has(t));
        if (missing.length > 0) {
          await this.admin.createTopics({
            waitForLeaders: true,
            topics: missing.map((topic) => ({
              topic,
              numPartitions: this.opts.partitions ?? 3,
              replicationFactor: this.opts.replicationFactor ?? 1,
              configEntries: options.compacted && !topic.endsWith('.dlq') ? [{ name: 'cleanup.policy', value: 'compact' }] : [],
            })),
          });
        }
        // another caller (a module mounted beside this one) may have just created some: wait until every partition has a leader (throws → retried)
        await this.admin.fetchTopicMetadata({ topics: wanted });
        wanted.forEach((t) => this.ensured.add(t));
        return;
      } catch (err) {
        const e = err as Error & { type?: string };
        if (e.type === 'TOPIC_ALREADY_EXISTS') continue;
        if (attempt >= 30) throw err;
        this.logger.warn('creating topics failed, retrying', { attempt, error: e.message });
        await sleep(backoffDelay(attempt, 200, 3000));
      }
    }
  }

  /**
   * kafkajs restarts a crashed consumer only for errors it counts as retriable; a
   * group coordinator not found yet (a broker just started, or back after an
   * outage) is not one of them, and the consumer would stay down quietly. Such a
   * consumer is made again here; one whose handler failed with a non-retriable
   * error stays stopped (the MessageBus contract: it stops loudly).
   */
  async subscribe(options: SubscribeOptions): Promise<Subscription> {
    const log = this.logger.child(`consumer.${options.groupId}`);
    let stopped = false;
    let current: Consumer | null = null;
    const startLater = (attempt: number) => {
      const timer = setTimeout(() => {
        this.restarts.delete(timer);
        if (stopped || this.closed) return;
        start().catch((err: unknown) => {
          log.warn('consumer could not start again; retrying', { attempt, error: (err as Error).message });
          if (current) {
            this.consumers.delete(current);
            void current.disconnect().catch(() => undefined);
          }
          startLater(attempt + 1);
        });
      }, backoffDelay(attempt, 500, 5000));
      this.restarts.add(timer);
    };
    const start = async (): Promise<void> => {
      let handlerFailed = false;
      const consumer = this.createConsumer(options.groupId);
      current = consumer;
      this.consumers.add(consumer);
      consumer.on(consumer.events.CRASH, (e) => {
        const restart = (e.payload as { restart?: boolean }).restart;
        log.warn('consumer crashed; restarting', { error: String((e.payload as { error?: Error }).error?.message ?? e.payload), restart });
        if (restart === false && !handlerFailed && !stopped) {
          this.consumers.delete(consumer);
          startLater(0);
        }
      });
      await this.runConsumer(consumer, options, log, () => (handlerFailed = true));
    };
    await start();
    return {
      stop: async () => {
        stopped = true;
        const consumer = current!;
        this.consumers.delete(consumer);
        await consumer.disconnect();
      },
    };
  }

  private createConsumer(groupId: string): Consumer {
    return this.kafka.consumer({
      groupId: this.topicName(groupId),
      sessionTimeout: this.opts.sessionTimeoutMs ?? 30000,
      heartbeatInterval: Math.max(500, Math.floor((this.opts.sessionTimeoutMs ?? 30000) / 10)),
      // a consumer that gave up its retries (a broker or coordinator away for long) starts again instead of dying quietly
      retry: { retries: 10, initialRetryTime: 200, maxRetryTime: 5000, restartOnFailure: async () => true },
    });
  }

  private async runConsumer(consumer: Consumer, options: SubscribeOptions, log: ReturnType<Logger['child']>, onHandlerFailure: () => void): Promise<void> {
    await consumer.connect();
    await consumer.subscribe({ topics: options.topics.map((t) => this.topicName(t)), fromBeginning: options.fromBeginning ?? true });
    const prefixLength = this.prefix.length;
    await consumer.run({
      partitionsConsumedConcurrently: options.partitionsConcurrently ?? 1,
      autoCommit: true,
      eachBatchAutoResolve: false,
      eachBatch: async ({ batch, resolveOffset, heartbeat, commitOffsetsIfNecessary, isRunning, isStale }) => {
        if (batch.messages.length === 0) return;
        const topic = batch.topic.slice(prefixLength);
        const messages: IncomingMessage[] = batch.messages.map((m) => ({
          topic,
          partition: batch.partition,
          offset: m.offset,
          key: m.key ? m.key.toString('utf8') : null,
          value: m.value ?? Buffer.alloc(0),
          headers: decodeHeaders(m.headers),
          timestamp: Number(m.timestamp),
        }));
        for (let attempt = 0; ; attempt++) {
          if (!isRunning() || isStale()) return;
          try {
            await options.handleBatch({ topic, partition: batch.partition, messages });
            break;
          } catch (err) {
            if (!isRetriable(err)) {
              log.error('handler failed with a non-retriable error', { error: err as Error, topic, partition: batch.partition });
              onHandlerFailure();
              throw err;
            }
            // the consumer runner logs a partition's failing and recovery once each; per attempt is debug
            log.debug('handler failed, retrying batch', { attempt, error: (err as Error).message });
            await sleep(backoffDelay(attempt, 200, 5000));
            await heartbeat().catch(() => undefined);
          }
        }
        resolveOffset(batch.messages[batch.messages.length - 1]!.offset);
        await commitOffsetsIfNecessary();
        await heartbeat();
      },
    });
  }

  async lag(groupId: string, topics: readonly string[]): Promise<number> {
    this.admin ??= this.kafka.admin();
    await this.admin.connect();
    const names = topics.map((t) => this.topicName(t));
    const committed = await this.admin.fetchOffsets({ groupId: this.topicName(groupId), topics: names });
    let lag = 0;
    for (const topic of names) {
      const high = new Map((await this.admin.fetchTopicOffsets(topic)).map((p) => [p.partition, BigInt(p.high)]));
      const low = new Map((await this.admin.fetchTopicOffsets(topic)).map((p) => [p.partition, BigInt(p.low)]));
      for (const p of committed.find((c) => c.topic === topic)?.partitions ?? []) {
        // -1: nothing committed yet, the group reads from the oldest record kept
        const from = p.offset === '-1' ? (low.get(p.partition) ?? 0n) : BigInt(p.offset);
        lag += Number((high.get(p.partition) ?? from) - from);
      }
    }
    return lag;
  }

  async health(): Promise<BusHealth> {
    if (!this.producer.healthy) {
      return { ok: false, detail: `kafka produce failing (${this.producer.pendingCount} records held): ${this.producer.lastFailure}` };
    }
    try {
      this.admin ??= this.kafka.admin();
      await this.admin.connect();
      const cluster = await this.admin.describeCluster();
      return { ok: true, detail: `kafka: ${cluster.brokers.length} broker(s), ${this.producer.pendingCount} records pending` };
    } catch (err) {
      return { ok: false, detail: `kafka unreachable: ${(err as Error).message}` };
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const timer of this.restarts) clearTimeout(timer);
    this.restarts.clear();
    await Promise.allSettled([...this.consumers].map((c) => c.disconnect()));
    this.consumers.clear();
    await this.producer.close();
    await this.admin?.disconnect().catch(() => undefined);
  }
}

/** Lets a repeated line through once per interval, with how often it was held back. */
class RepeatSuppressor {
  private readonly seen = new Map<string, { at: number; held: number }>();

  constructor(private readonly intervalMs: number) {}

  /** null: hold this one back; otherwise how many were held back since the last one let through. */
  check(key: string, now = Date.now()): number | null {
    const entry = this.seen.get(key);
    if (entry && now - entry.at < this.intervalMs) {
      entry.held++;
      return null;
    }
    if (this.seen.size > 1000) this.seen.clear();
    this.seen.set(key, { at: now, held: 0 });
    return entry?.held ?? 0;
  }
}

function decodeHeaders(headers: Record<string, unknown> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!headers) return out;
  for (const [k, v] of Object.entries(headers)) {
    if (v === undefined || v === null) continue;
    const first = Array.isArray(v) ? v[0] : v;
    out[k] = Buffer.isBuffer(first) ? first.toString('utf8') : String(first);
  }
  return out;
}
