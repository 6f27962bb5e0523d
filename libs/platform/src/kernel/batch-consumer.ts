import type { TopicName, TopicValue } from '@tsunagu/contracts';
import type { IncomingMessage } from '../messaging/message-bus';
import type { Cause } from '../messaging/publisher';
import type { Tx } from './tx';

/** A valid consumed record: its value, the raw message, and the cause its effects carry (lineage). */
export interface Delivery<V, P = undefined> {
  readonly value: V;
  readonly message: IncomingMessage;
  readonly cause: Cause;
  /** what `prepare` computed for it outside the transaction */
  readonly prepared: P;
}

/**
 * A consumer of one topic as one consumer group. The kernel hands it the valid
 * records of a partition batch that are new (above the offset stored in the
 * service's schema and, with `messageId`, not processed before), inside one
 * transaction in which it also stores the new offset; invalid records become dead
 * letters in that transaction. Whatever `handle` publishes through `tx` goes out
 * after commit. Batches may have any size, down to one record.
 */
export abstract class BatchConsumer<T extends TopicName = TopicName, P = undefined> {
  abstract readonly topic: T;
  /** consumer group: instances of a service share the topic's partitions */
  abstract readonly group: string;

  /**
   * For topics where the same record can arrive under another offset (a finding
   * re-emitted after a crash): the id that makes two records the same. Ids are
   * stored with the effect, so a repeat is dropped.
   */
  messageId?(value: TopicValue<T>): string;

  /** CPU work per record before the transaction opens (holds no lock); runs on every valid record. */
  prepare?(value: TopicValue<T>, message: IncomingMessage): P;

  abstract handle(tx: Tx, deliveries: ReadonlyArray<Delivery<TopicValue<T>, P>>): Promise<void>;
}
