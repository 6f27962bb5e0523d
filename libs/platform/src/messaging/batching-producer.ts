import type { Producer, TopicMessages } from 'kafkajs';
import { backoffDelay, sleep } from '../errors/backoff';
import type { Logger } from '../logging/logger';
import type { OutgoingMessage } from './message-bus';

interface Pending {
  readonly topic: string;
  readonly message: OutgoingMessage;
  readonly resolve: () => void;
  readonly reject: (err: Error) => void;
}

/** Produce errors that no retry can fix: the record itself is bad. */
const PERMANENT_ERROR_TYPES = new Set([
  'MESSAGE_TOO_LARGE',
  'INVALID_RECORD',
  'RECORD_LIST_TOO_LARGE',
  'INVALID_TOPIC_EXCEPTION',
  'TOPIC_AUTHORIZATION_FAILED',
  'CORRUPT_MESSAGE',
]);

export interface BatchingProducerOptions {
  readonly producer: Producer;
  readonly logger: Logger;
  /** max records per produce request */
  readonly maxBatch: number;
  /** ms to wait for company before sending a request that is not full */
  readonly lingerMs: number;
}

/**
 * Collects records from many callers into one produce request (kafkajs sends one
 * request per `send()`), one request in flight at a time so per-key order holds.
 * A request that fails for a transient reason (broker down, no leader) is retried
 * with backoff for as long as it takes: callers' promises stay pending, which is
 * how the ingest broker withholds PUBACKs while Kafka is away.
 */
export class BatchingProducer {
  private queue: Pending[] = [];
  private flushing = false;
  private timer: NodeJS.Timeout | null = null;
  private connected = false;
  private closed = false;
  private consecutiveFailures = 0;
  private lastError: string | null = null;
  private readonly abort = new AbortController();

  constructor(private readonly opts: BatchingProducerOptions) {}

  /** Records waiting for Kafka (queued or in flight). */
  get pendingCount(): number {
    return this.queue.length + this.inFlight;
  }

  get healthy(): boolean {
    return this.consecutiveFailures === 0;
  }

  get lastFailure(): string | null {
    return this.lastError;
  }

  private inFlight = 0;

  send(topic: string, messages: readonly OutgoingMessage[]): Promise<void> {
    if (this.closed) return Promise.reject(new Error('producer is closed'));
    if (messages.length === 0) return Promise.resolve();
    const promises = messages.map(
      (message) => new Promise<void>((resolve, reject) => this.queue.push({ topic, message, resolve, reject })),
    );
    this.schedule();
    return messages.length === 1 ? promises[0]! : Promise.all(promises).then(() => undefined);
  }

  private schedule(): void {
    if (this.flushing) return;
    if (this.queue.length >= this.opts.maxBatch || this.opts.lingerMs === 0) {
      void this.flush();
      return;
    }
    this.timer ??= setTimeout(() => {
      this.timer = null;
      void this.flush();
    }, this.opts.lingerMs);
  }

  private async flush(): Promise<void> {
    if (this.flushing) return;
    this.flushing = true;
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    try {
      while (this.queue.length > 0 && !this.closed) {
        const batch = this.queue.splice(0, this.opts.maxBatch);
        this.inFlight = batch.length;
        await this.sendUntilDone(batch);
        this.inFlight = 0;
      }
    } finally {
      this.flushing = false;
      this.inFlight = 0;
    }
  }

  private async sendUntilDone(batch: Pending[]): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      if (this.closed) {
        const err = new Error('producer closed before Kafka acknowledged the records');
        batch.forEach((p) => p.reject(err));
        return;
      }
      try {
        if (!this.connected) {
          await this.opts.producer.connect();
          this.connected = true;
        }
        await this.opts.producer.sendBatch({ topicMessages: group(batch), acks: -1 });
        if (this.consecutiveFailures > 0) {
          this.opts.logger.info('kafka produce recovered', { afterAttempts: attempt, records: batch.length });
        }
        this.consecutiveFailures = 0;
        this.lastError = null;
        batch.forEach((p) => p.resolve());
        return;
      } catch (err) {
        const e = err as Error & { type?: string; cause?: { type?: string } };
        const type = e.type ?? e.cause?.type;
        if (type && PERMANENT_ERROR_TYPES.has(type)) {
          this.opts.logger.error('kafka refused records permanently', { type, records: batch.length });
          batch.forEach((p) => p.reject(e));
          return;
        }
        this.consecutiveFailures++;
        this.lastError = `${e.name}: ${e.message}`;
        if (attempt === 0 || attempt % 20 === 0) {
          this.opts.logger.warn('kafka produce failed, holding records and retrying', {
            attempt,
            records: batch.length,
            queued: this.queue.length,
            error: this.lastError,
          });
        }
        await sleep(backoffDelay(attempt, 200, 5000), this.abort.signal);
      }
    }
  }

  /** Waits for queued records (bounded by `timeoutMs`), then refuses new ones. */
  async close(timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.pendingCount > 0 && Date.now() < deadline && this.healthy) await sleep(20);
    this.closed = true;
    this.abort.abort();
    const err = new Error('producer closed before Kafka acknowledged the records');
    this.queue.splice(0).forEach((p) => p.reject(err));
    if (this.connected) await this.opts.producer.disconnect().catch(() => undefined);
  }
}

function group(batch: readonly Pending[]): TopicMessages[] {
  const byTopic = new Map<string, TopicMessages>();
  for (const p of batch) {
    let entry = byTopic.get(p.topic);
    if (!entry) {
      entry = { topic: p.topic, messages: [] };
      byTopic.set(p.topic, entry);
    }
    entry.messages.push({ key: p.message.key, value: p.message.value, headers: p.message.headers as Record<string, string> | undefined });
  }
  return [...byTopic.values()];
}
