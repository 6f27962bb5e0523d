import type { z } from 'zod';
import { deadLetterTopicOf, HEADERS, parseJson, type DeadLetterV1 } from '@tsunagu/contracts';
import { BadInputError } from '../errors/tsunagu.error';
import type { Logger } from '../logging/logger';
import type { IncomingMessage, MessageBus, OutgoingMessage, Subscription } from './message-bus';

export function encodePayload(payload: Buffer): Pick<DeadLetterV1, 'payload' | 'payloadEncoding' | 'payloadBytes'> {
  const text = payload.toString('utf8');
  const clean = Buffer.byteLength(text, 'utf8') === payload.length && !text.includes('\uFFFD');
  return clean
    ? { payload: text, payloadEncoding: 'utf8', payloadBytes: payload.length }
    : { payload: payload.toString('base64'), payloadEncoding: 'base64', payloadBytes: payload.length };
}

/** Builds the dead-letter record of a consumed message. */
export function deadLetterOf(message: IncomingMessage, reason: DeadLetterV1['reason'], detail: string, rejectedBy: string): OutgoingMessage {
  const record: DeadLetterV1 = {
    reason,
    detail: detail.slice(0, 4000),
    origin: { topic: message.topic, partition: message.partition, offset: message.offset },
    key: message.key,
    ...encodePayload(message.value),
    rejectedBy,
    rejectedAt: Date.now(),
  };
  const correlationId = message.headers[HEADERS.correlationId];
  return {
    key: message.key,
    value: JSON.stringify(record),
    headers: { [HEADERS.schema]: 'dead-letter.v1', ...(correlationId ? { [HEADERS.correlationId]: correlationId } : {}) },
  };
}

export interface ValidatedSubscriptionOptions<S extends z.ZodType> {
  readonly bus: MessageBus;
  readonly groupId: string;
  readonly topic: string;
  readonly schema: S;
  /** service name written into dead-letter records */
  readonly service: string;
  readonly logger: Logger;
  /**
   * Handles the valid messages of one partition batch, in order. Throw a
   * BadInputError from `handle` only through `rejectOne`; retriable errors retry
   * the batch; the offsets are committed once it resolves.
   */
  readonly handle: (items: ReadonlyArray<{ readonly value: z.infer<S>; readonly message: IncomingMessage }>) => Promise<void>;
}

/**
 * Subscribes to a topic, parses each message against its schema, and sends every
 * invalid one to `<topic>.dlq` with its reason and origin before the valid ones are
 * handled. A bad message never stops the consumer.
 */
export async function subscribeValidated<S extends z.ZodType>(opts: ValidatedSubscriptionOptions<S>): Promise<Subscription> {
  return opts.bus.subscribe({
    groupId: opts.groupId,
    topics: [opts.topic],
    handleBatch: async (batch) => {
      const valid: Array<{ value: z.infer<S>; message: IncomingMessage }> = [];
      const rejected: OutgoingMessage[] = [];
      for (const message of batch.messages) {
        const parsed = parseJson(opts.schema, message.value);
        if (parsed.ok) {
          valid.push({ value: parsed.value, message });
        } else {
          opts.logger.warn('message rejected to dead-letter topic', {
            topic: message.topic,
            partition: message.partition,
            offset: message.offset,
            reason: parsed.reason,
            detail: parsed.detail,
          });
          rejected.push(deadLetterOf(message, parsed.reason, parsed.detail, opts.service));
        }
      }
      if (rejected.length > 0) await opts.bus.publish(deadLetterTopicOf(batch.topic), rejected);
      if (valid.length > 0) await opts.handle(valid);
    },
  });
}

/** For handlers that find a message unprocessable after it parsed: dead-letter it and go on. */
export async function rejectToDeadLetter(
  bus: MessageBus,
  message: IncomingMessage,
  err: BadInputError,
  service: string,
): Promise<void> {
  await bus.publish(deadLetterTopicOf(message.topic), [deadLetterOf(message, err.reason, err.message, service)]);
}
