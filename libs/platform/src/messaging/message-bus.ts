/**
 * The queue behind one interface, as ThingsBoard does: Kafka for the services, a
 * durable PostgreSQL log for the all-in-one process, and an in-memory one for tests.
 */
export interface OutgoingMessage {
  /** what must stay in order: device id, ticker, line */
  readonly key: string | null;
  readonly value: string | Buffer;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface IncomingMessage {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly key: string | null;
  readonly value: Buffer;
  readonly headers: Readonly<Record<string, string>>;
  /** broker timestamp, epoch ms */
  readonly timestamp: number;
}

export interface IncomingBatch {
  readonly topic: string;
  readonly partition: number;
  readonly messages: readonly IncomingMessage[];
}

export interface SubscribeOptions {
  /** consumer group; instances of one group share the partitions */
  readonly groupId: string;
  readonly topics: readonly string[];
  /** where a new group starts; default true (never skip what was produced before the first start) */
  readonly fromBeginning?: boolean;
  /**
   * Called with the messages of one partition, in order. Offsets are committed only
   * after it resolves (at-least-once). Throwing a retriable error retries the batch
   * with backoff; any other error stops the consumer loudly.
   */
  readonly handleBatch: (batch: IncomingBatch) => Promise<void>;
  /**
   * How many partitions' batches may be in `handleBatch` at once (default 1); each
   * partition's batches still come one after another, in order. Kafka: kafkajs'
   * `partitionsConsumedConcurrently`.
   */
  readonly partitionsConcurrently?: number;
}

/** Runs `each` over `items`, at most `limit` at once, in order of start; resolves when all have. */
export async function inParallel<T>(items: readonly T[], limit: number, each: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await each(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
}

export interface Subscription {
  stop(): Promise<void>;
}

export interface BusHealth {
  readonly ok: boolean;
  readonly detail: string;
}

export interface MessageBus {
  readonly kind: 'kafka' | 'postgres' | 'in-process';
  /** records handed to publish() and not yet durable (Kafka: waiting for the broker's ack) */
  readonly pendingRecords: number;
  /** Resolves once every message is durable (Kafka: acknowledged by all in-sync replicas). */
  publish(topic: string, messages: readonly OutgoingMessage[]): Promise<void>;
  subscribe(options: SubscribeOptions): Promise<Subscription>;
  /** Creates topics (and their dead-letter topics) up front, waiting for leaders. */
  ensureTopics(topics: readonly string[], options?: { compacted?: boolean }): Promise<void>;
  health(): Promise<BusHealth>;
  /** Records of `topics` a consumer group has yet to read (summed over partitions), for /health. */
  lag(groupId: string, topics: readonly string[]): Promise<number>;
  close(): Promise<void>;
}

export function headerValue(headers: Readonly<Record<string, string>>, name: string): string | undefined {
  return headers[name];
}
