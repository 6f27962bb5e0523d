import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import {
  DEAD_LETTER_CONTRACT,
  DEAD_LETTER_SCHEMA,
  deadLetterTopicOf,
  HEADERS,
  parseValue,
  TOPIC_CONTRACTS,
  type DeadLetterV1,
  type TopicName,
  type TopicValue,
} from '@tsunagu/contracts';
import { currentCorrelationId } from '../logging/logger';
import type { IncomingMessage, MessageBus, OutgoingMessage } from './message-bus';

/**
 * What caused a record: a consumed Kafka record (topic, partition, offset), or, at
 * the edge, where it came in (`mqtt:<topic>`, `http:<route>`; no partition/offset).
 */
export interface Cause {
  readonly topic: string;
  readonly partition?: number;
  readonly offset?: string;
  readonly correlationId?: string;
}

/** The cause of records derived from a consumed message. */
export function causeOf(message: IncomingMessage): Cause {
  return { topic: message.topic, partition: message.partition, offset: message.offset, correlationId: message.headers[HEADERS.correlationId] };
}

/** The lineage a consumed message carries: what caused it (its `source-*` headers). */
export function sourceOf(message: Pick<IncomingMessage, 'headers'>): Cause | null {
  const topic = message.headers[HEADERS.sourceTopic];
  if (!topic) return null;
  const partition = Number(message.headers[HEADERS.sourcePartition] ?? -1);
  const offset = message.headers[HEADERS.sourceOffset] ?? '-1';
  return { topic, ...(partition >= 0 ? { partition } : {}), ...(offset !== '-1' ? { offset } : {}) };
}

export interface PublishRecord<T extends TopicName> {
  readonly value: TopicValue<T>;
  /** what caused it: lineage headers and, unless given, the correlation id */
  readonly cause?: Cause;
  readonly correlationId?: string;
}

/** A value the topic's schema refused: a programmer error, never retried. */
export class ContractViolationError extends TypeError {
  constructor(topic: string, detail: string) {
    super(`refusing to publish on ${topic}: ${detail}`);
    this.name = 'ContractViolationError';
  }
}

export interface PublisherOptions {
  /** service name, written into the `producer` header */
  readonly producer: string;
  /** check every value against its topic's schema before it leaves (on in development and tests) */
  readonly validate: boolean;
}

/**
 * The one typed door onto the bus. The topic's contract picks the key and (when
 * validation is on) checks the value; every record gets the same headers:
 * correlation id, schema, producer and its lineage (`source-topic`,
 * `source-partition`, `source-offset`).
 */
export class Publisher {
  constructor(
    private readonly bus: MessageBus,
    readonly options: PublisherOptions,
  ) {}

  /** The record as it goes on the wire (the outbox stores exactly this). */
  encode<T extends TopicName>(topic: T, record: PublishRecord<T>): OutgoingMessage {
    const contract = TOPIC_CONTRACTS[topic] as unknown as { schema: z.ZodType; key(v: unknown): string | null };
    if (this.options.validate) {
      // the schema's fast path when it vouches for the value, else zod (which names the field)
      const checked = parseValue(contract.schema, record.value);
      if (!checked.ok) throw new ContractViolationError(topic, checked.detail);
    }
    return {
      key: contract.key(record.value),
      value: JSON.stringify(record.value),
      headers: this.headers(topic, record.cause, record.correlationId),
    };
  }

  /** Publishes directly (edge services: the ingest broker); resolves once the bus has them. */
  publish<T extends TopicName>(topic: T, records: ReadonlyArray<PublishRecord<T>>): Promise<void> {
    if (records.length === 0) return Promise.resolve();
    return this.bus.publish(
      topic,
      records.map((r) => this.encode(topic, r)),
    );
  }

  /** The dead-letter record of a consumed message (its lineage is the message itself). */
  deadLetterOf(message: IncomingMessage, reason: DeadLetterV1['reason'], detail: string): { topic: string; message: OutgoingMessage } {
    const letter: DeadLetterV1 = {
      reason,
      detail: detail.slice(0, 4000),
      origin: { topic: message.topic, partition: message.partition, offset: message.offset },
      key: message.key,
      ...encodePayload(message.value),
      rejectedBy: this.options.producer,
      rejectedAt: Date.now(),
    };
    return { topic: deadLetterTopicOf(message.topic), message: this.encodeDeadLetter(letter, causeOf(message)) };
  }

  /** A dead letter of something that never was a Kafka record (the ingest broker's rejected MQTT messages). */
  encodeDeadLetter(letter: DeadLetterV1, cause: Cause): OutgoingMessage {
    return { key: DEAD_LETTER_CONTRACT.key(letter), value: JSON.stringify(letter), headers: this.headers(DEAD_LETTER_SCHEMA, cause) };
  }

  private headers(schema: string, cause?: Cause, correlationId?: string): Record<string, string> {
    return {
      [HEADERS.correlationId]: correlationId ?? cause?.correlationId ?? currentCorrelationId() ?? randomUUID(),
      [HEADERS.schema]: schema,
      [HEADERS.producer]: this.options.producer,
      [HEADERS.sourceTopic]: cause?.topic ?? `service:${this.options.producer}`,
      [HEADERS.sourcePartition]: String(cause?.partition ?? -1),
      [HEADERS.sourceOffset]: cause?.offset ?? '-1',
    };
  }
}

/** A payload for a dead letter: utf8 when it decodes cleanly, else base64. */
export function encodePayload(payload: Buffer): Pick<DeadLetterV1, 'payload' | 'payloadEncoding' | 'payloadBytes'> {
  const text = payload.toString('utf8');
  const clean = Buffer.byteLength(text, 'utf8') === payload.length && !text.includes('\uFFFD');
  return clean
    ? { payload: text, payloadEncoding: 'utf8', payloadBytes: payload.length }
    : { payload: payload.toString('base64'), payloadEncoding: 'base64', payloadBytes: payload.length };
}
