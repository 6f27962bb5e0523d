import { EventEmitter } from 'node:events';
import { backoffDelay, sleep } from '../errors/backoff';
import { isRetriable } from '../errors/tsunagu.error';
import { createLogger, type Logger } from '../logging/logger';
import { inParallel, type BusHealth, type IncomingMessage, type MessageBus, type OutgoingMessage, type SubscribeOptions, type Subscription } from './message-bus';
import { partitionOf } from './partitioner';

interface PartitionLog {
  /** offset of messages[0] */
  base: number;
  messages: IncomingMessage[];
}

interface Group {
  readonly topics: readonly string[];
  /** next offset to read, per `topic#partition` */
  readonly offsets: Map<string, number>;
}

/**
 * An in-memory bus for tests (the all-in-one process uses the durable
 * PostgresBus): same semantics as Kafka (partitions by key, consumer groups,
 * at-least-once, per-partition order) but nothing survives the process.
 * Consumed records are trimmed; unconsumed topics keep the last `retain`.
 */
export class InProcessBus implements MessageBus {
  readonly kind = 'in-process' as const;
  /** publish() is durable (in memory) as soon as it returns */
  readonly pendingRecords = 0;
  private readonly logs = new Map<string, PartitionLog[]>();
  private readonly groups = new Map<string, Group>();
  private readonly wake = new EventEmitter();
  private closed = false;
  /** bumped on every publish, so a consumer never sleeps through one */
  private version = 0;
  private readonly logger: Logger;

  constructor(
    private readonly partitions = 3,
    private readonly retain = 10_000,
    logger?: Logger,
  ) {
    this.logger = logger ?? createLogger('bus');
    this.wake.setMaxListeners(0);
  }

  private partitionsOf(topic: string): PartitionLog[] {
    let logs = this.logs.get(topic);
    if (!logs) {
      logs = Array.from({ length: this.partitions }, () => ({ base: 0, messages: [] }));
      this.logs.set(topic, logs);
    }
    return logs;
  }

  async publish(topic: string, messages: readonly OutgoingMessage[]): Promise<void> {
    if (this.closed) throw new Error('bus is closed');
    const logs = this.partitionsOf(topic);
    const now = Date.now();
    for (const m of messages) {
      const partition = partitionOf(m.key, this.partitions);
      const log = logs[partition]!;
      log.messages.push({
        topic,
        partition,
        offset: String(log.base + log.messages.length),
        key: m.key,
        value: typeof m.value === 'string' ? Buffer.from(m.value) : m.value,
        headers: { ...(m.headers ?? {}) },
        timestamp: now,
      });
    }
    this.trim(topic);
    this.version++;
    this.wake.emit('message');
  }

  async ensureTopics(topics: readonly string[]): Promise<void> {
    topics.forEach((t) => this.partitionsOf(t));
  }

  async subscribe(options: SubscribeOptions): Promise<Subscription> {
    if (this.groups.has(options.groupId)) throw new Error(`group ${options.groupId} already has a consumer in this process`);
    const group: Group = { topics: options.topics, offsets: new Map() };
    for (const topic of options.topics) {
      this.partitionsOf(topic).forEach((log, p) =>
        group.offsets.set(`${topic}#${p}`, options.fromBeginning === false ? log.base + log.messages.length : log.base),
      );
    }
    this.groups.set(options.groupId, group);
    let running = true;
    const log = this.logger.child(`consumer.${options.groupId}`);
    const loop = (async () => {
      while (running && !this.closed) {
        const seen = this.version;
        const delivered = await this.deliverOnce(group, options, log, () => running);
        if (!delivered && running && seen === this.version) {
          await new Promise<void>((resolve) => this.wake.once('message', resolve));
        }
      }
    })();
    return {
      stop: async () => {
        running = false;
        this.groups.delete(options.groupId);
        this.wake.emit('message');
        await loop;
      },
    };
  }

  private async deliverOnce(group: Group, options: SubscribeOptions, log: Logger, running: () => boolean): Promise<boolean> {
    let delivered = false;
    for (const topic of group.topics) {
      const logs = this.partitionsOf(topic);
      await inParallel([...logs.keys()], options.partitionsConcurrently ?? 1, async (p) => {
        const partitionLog = logs[p]!;
        const key = `${topic}#${p}`;
        const next = Math.max(group.offsets.get(key) ?? 0, partitionLog.base);
        const messages = partitionLog.messages.slice(next - partitionLog.base, next - partitionLog.base + 1000);
        if (messages.length === 0) return;
        for (let attempt = 0; running(); attempt++) {
          try {
            await options.handleBatch({ topic, partition: p, messages });
            group.offsets.set(key, next + messages.length);
            delivered = true;
            break;
          } catch (err) {
            // the consumer runner dead-letters bad records itself: what reaches here is retried, never skipped
            if (attempt === 0 && !isRetriable(err)) log.error('handler failed; retrying the batch', { error: err as Error, topic, partition: p });
            await sleep(backoffDelay(attempt, 100, 2000));
          }
        }
      });
      this.trim(topic);
    }
    return delivered;
  }

  private trim(topic: string): void {
    const logs = this.partitionsOf(topic);
    const readers = [...this.groups.values()].filter((g) => g.topics.includes(topic));
    logs.forEach((log, p) => {
      const end = log.base + log.messages.length;
      const consumed = readers.length > 0 ? Math.min(...readers.map((g) => g.offsets.get(`${topic}#${p}`) ?? log.base)) : end - this.retain;
      const drop = Math.min(log.messages.length, Math.max(0, consumed - log.base));
      if (drop > 0) {
        log.messages.splice(0, drop);
        log.base += drop;
      }
    });
  }

  /** Test and inspection helper: what a topic currently holds. */
  peek(topic: string): IncomingMessage[] {
    return this.partitionsOf(topic).flatMap((l) => l.messages);
  }

  async lag(groupId: string, topics: readonly string[]): Promise<number> {
    const group = this.groups.get(groupId);
    let lag = 0;
    for (const topic of topics) {
      this.partitionsOf(topic).forEach((log, p) => {
        const end = log.base + log.messages.length;
        lag += end - (group?.offsets.get(`${topic}#${p}`) ?? log.base);
      });
    }
    return lag;
  }

  async health(): Promise<BusHealth> {
    return { ok: !this.closed, detail: 'in-process bus (all-in-one mode; not durable across restarts)' };
  }

  async close(): Promise<void> {
    this.closed = true;
    this.wake.emit('message');
  }
}
