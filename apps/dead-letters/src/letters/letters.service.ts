import { Inject, Injectable } from '@nestjs/common';
import type { DeadLetterV1, TopicValue } from '@tsunagu/contracts';
import { createLogger, lineageOf, PLATFORM_TOKENS, ServiceDatabase, type Clock, type Delivery, type Tx } from '@tsunagu/platform';
import { isRedrivable, type LetterStatus } from '../dead-letters.constants';
import { DEAD_LETTERS_ERROR, DeadLettersException } from '../dead-letters.exception';
import { LettersRepository, type NewLetter } from './letters.repository';
import type { LetterRow } from '../dead-letters.tables';

const audit = createLogger('audit.dead-letters');

export type RedriveOutcome = { readonly id: string; readonly outcome: 'redriven'; readonly topic: string } | { readonly id: string; readonly outcome: 'refused'; readonly reason: string };

/**
 * The dead-letter office: keeps every dead letter, lets operators send one back
 * to the topic it was refused from (after the fix: the consumer takes it like any
 * new record, its correlation id and cause pointing at the refused record) or
 * discard it with a reason. Both are recorded with who did it.
 */
@Injectable()
export class LettersService {
  constructor(
    private readonly letters: LettersRepository,
    private readonly db: ServiceDatabase,
    @Inject(PLATFORM_TOKENS.clock) private readonly clock: Clock,
  ) {}

  async ingest(tx: Tx, deliveries: ReadonlyArray<Delivery<DeadLetterV1>>): Promise<{ stored: number }> {
    const rows: NewLetter[] = deliveries.map((d) => ({
      dlqTopic: d.message.topic,
      dlqPartition: d.message.partition,
      dlqOffset: d.message.offset,
      reason: d.value.reason,
      detail: d.value.detail,
      origin: d.value.origin,
      originTopic: d.value.origin.mqttTopic ? `mqtt:${d.value.origin.mqttTopic}` : d.value.origin.topic,
      recordKey: d.value.key ?? null,
      deviceId: d.value.deviceId ?? null,
      payload: d.value.payload,
      payloadEncoding: d.value.payloadEncoding,
      payloadBytes: d.value.payloadBytes,
      rejectedBy: d.value.rejectedBy,
      rejectedAt: new Date(d.value.rejectedAt),
      lineage: lineageOf(d),
      correlationId: d.cause.correlationId ?? null,
    }));
    return { stored: await this.letters.insert(tx, rows) };
  }

  list(q: { status: LetterStatus; originTopic?: string; page: number; pageSize: number }) {
    return this.letters.list(q);
  }

  pendingByTopic() {
    return this.letters.pendingByTopic();
  }

  async get(id: string): Promise<LetterRow> {
    const letter = await this.letters.get(id);
    if (!letter) throw new DeadLettersException(DEAD_LETTERS_ERROR.letterNotFound, `dead letter ${id} not found`);
    return letter;
  }

  /** Sends each letter back to its origin topic, one transaction each (a refusal leaves the others alone). */
  async redrive(ids: readonly string[], by: string): Promise<RedriveOutcome[]> {
    const outcomes: RedriveOutcome[] = [];
    for (const id of ids) outcomes.push(await this.redriveOne(id, by));
    return outcomes;
  }

  private async redriveOne(id: string, by: string): Promise<RedriveOutcome> {
    try {
      return await this.db.transaction(async (tx) => {
        const letter = await this.letters.lock(tx, id);
        if (!letter) return { id, outcome: 'refused' as const, reason: 'not found' };
        if (letter.status !== 'pending') return { id, outcome: 'refused' as const, reason: `already ${letter.status}` };
        const topic = letter.originTopic;
        if (!isRedrivable(topic)) return { id, outcome: 'refused' as const, reason: `no Kafka topic to send it back to (${topic}): discard it, or have the sender resend` };
        if (letter.payloadEncoding !== 'utf8') return { id, outcome: 'refused' as const, reason: 'the payload is not text (base64): it cannot be a record of this topic' };
        let value: unknown;
        try {
          value = JSON.parse(letter.payload);
        } catch {
          return { id, outcome: 'refused' as const, reason: 'the payload is not JSON: it would be refused again' };
        }
        // validated and keyed by the topic's contract (a value still invalid throws and nothing is written)
        tx.publish(topic, [{ value: value as TopicValue<typeof topic>, cause: { topic, partition: letter.origin.partition, offset: letter.origin.offset, correlationId: letter.correlationId ?? undefined } }]);
        await this.letters.resolve(tx, id, { status: 'redriven', by, resolution: `sent back to ${topic}`, at: new Date(this.clock.now()) });
        audit.info('dead letter redriven', { id, topic, by });
        return { id, outcome: 'redriven' as const, topic };
      });
    } catch (err) {
      audit.warn('dead letter not redriven', { id, by, error: (err as Error).message });
      return { id, outcome: 'refused', reason: (err as Error).message };
    }
  }

  async discard(id: string, reason: string, by: string): Promise<LetterRow> {
    return this.db.transaction(async (tx) => {
      const letter = await this.letters.lock(tx, id);
      if (!letter) throw new DeadLettersException(DEAD_LETTERS_ERROR.letterNotFound, `dead letter ${id} not found`);
      if (letter.status !== 'pending') throw new DeadLettersException(DEAD_LETTERS_ERROR.alreadyResolved, `dead letter ${id} is already ${letter.status}`, { status: letter.status });
      const row = await this.letters.resolve(tx, id, { status: 'discarded', by, resolution: reason, at: new Date(this.clock.now()) });
      audit.info('dead letter discarded', { id, reason, by });
      return row;
    });
  }
}
