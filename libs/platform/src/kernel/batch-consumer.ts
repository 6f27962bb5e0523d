import { Inject, Injectable, type Type } from '@nestjs/common';
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

  /**
   * Batches of this many partitions at most handled at once, each in its own
   * transaction (default 1: one after another). While one batch waits for
   * PostgreSQL, another is decoded and analysed. Only for consumers whose state is
   * keyed by what partitions the topic (the record key: a device's state, never a
   * line's or a ticker's that records of every partition touch) and read `FOR UPDATE`
   * (`loadVersionedStates`), so that a key that ever turns up in two partitions
   * (the topic repartitioned) waits its turn instead of being lost.
   */
  readonly partitionsConcurrently?: number;

  /** the effect; what it returns (counts by effect) is added to `consumer_effects_total` after commit */
  abstract handle(tx: Tx, deliveries: ReadonlyArray<Delivery<TopicValue<T>, P>>): Promise<Effects | void>;
}

/**
 * What a handled batch did, by effect (`{ opened: 3, duplicates: 1 }`): the kernel
 * adds each numeric field to `consumer_effects_total{group, effect}` once the
 * transaction has committed (other fields are not counted), so no consumer keeps
 * counters of its own. Any result object of a service qualifies.
 */
export type Effects = object;

/** A consumer declared as data: the topic, the group, the one service it hands batches to. */
export interface ConsumerSpec<T extends TopicName, S, P> {
  /** the class name Nest shows; `<group>:<topic>` unless given */
  readonly name?: string;
  readonly topic: T;
  readonly group: string;
  readonly service: Type<S>;
  readonly handle: (service: S, tx: Tx, deliveries: ReadonlyArray<Delivery<TopicValue<T>, P>>) => Promise<Effects | void>;
  readonly prepare?: (service: S, value: TopicValue<T>, message: IncomingMessage) => P;
  readonly messageId?: (value: TopicValue<T>) => string;
  /** see BatchConsumer.partitionsConcurrently */
  readonly partitionsConcurrently?: number;
}

/**
 * The usual consumer, written as a spec instead of a class: the kernel makes the
 * injectable class. Returned as a plain `Type<BatchConsumer>` because
 * `ServiceDefinition.consumers` holds consumers of any topic and `prepare` result.
 */
export function consumerOf<T extends TopicName, S, P = undefined>(spec: ConsumerSpec<T, S, P>): Type<BatchConsumer> {
  @Injectable()
  class SpecConsumer extends BatchConsumer<T, P> {
    readonly topic = spec.topic;
    readonly group = spec.group;
    override readonly partitionsConcurrently = spec.partitionsConcurrently;

    constructor(@Inject(spec.service) private readonly service: S) {
      super();
      if (spec.prepare) this.prepare = (value, message) => spec.prepare!(this.service, value, message);
      if (spec.messageId) this.messageId = spec.messageId;
    }

    handle(tx: Tx, deliveries: ReadonlyArray<Delivery<TopicValue<T>, P>>): Promise<Effects | void> {
      return spec.handle(this.service, tx, deliveries);
    }
  }
  Object.defineProperty(SpecConsumer, 'name', { value: spec.name ?? `${spec.group}:${spec.topic}` });
  return SpecConsumer as unknown as Type<BatchConsumer>;
}
