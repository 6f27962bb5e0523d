import { contractOf, parseJson, type DeadLetterV1, type TopicName } from '@tsunagu/contracts';
import type { ServiceDatabase } from '../database/service-database';
import { backoffDelay, sleep } from '../errors/backoff';
import { isRetriable } from '../errors/tsunagu.error';
import type { ProbeResult } from '../health/health-registry';
import type { Logger } from '../logging/logger';
import type { IncomingBatch, IncomingMessage, MessageBus, Subscription } from '../messaging/message-bus';
import { causeOf } from '../messaging/publisher';
import type { Metrics } from '../metrics/metrics';
import type { BatchConsumer, Delivery, Effects } from './batch-consumer';
import { kernelTables, type KernelTables } from './kernel.tables';
import type { Tx } from './tx';

type Decoded =
  | { readonly ok: true; readonly message: IncomingMessage; readonly delivery: Delivery<unknown, unknown> }
  | { readonly ok: false; readonly message: IncomingMessage; readonly reason: DeadLetterV1['reason']; readonly detail: string };

export interface ConsumerRunnerOptions {
  /** attempts of a record whose handling fails for a non-retriable reason before it is dead-lettered */
  readonly maxAttempts: number;
  /** a partition failing (retriable) for longer than this reads as stalled in /health */
  readonly stalledAfterMs: number;
}

interface PartitionHealth {
  failingSince: number | null;
  lastError: string | null;
}

/**
 * Runs a service's batch consumers: decode and validate, then one transaction per
 * partition batch holding the effect, the dead letters and the new offset.
 *
 * - Redelivered records (at or below the stored offset) are skipped; so are
 *   repeated message ids when the consumer declares them.
 * - Retriable failures (database or bus away, deadlocks) retry the batch with
 *   backoff for as long as it takes: nothing is lost or dead-lettered.
 * - Any other failure isolates the batch: records are applied one by one, and a
 *   record that still fails after `maxAttempts` is dead-lettered with the error
 *   and its origin (reason `processing-failed`) so the partition moves on.
 */
export class ConsumerRunner {
  private readonly tables: KernelTables;
  private readonly subscriptions: Subscription[] = [];
  private readonly consumers: BatchConsumer[] = [];
  private readonly partitions = new Map<string, PartitionHealth>();
  private readonly outcomes;
  private readonly effects;

  constructor(
    private readonly service: string,
    private readonly bus: MessageBus,
    private readonly db: ServiceDatabase,
    private readonly options: ConsumerRunnerOptions,
    private readonly logger: Logger,
    metrics?: Metrics,
  ) {
    this.tables = kernelTables(db.schema);
    this.outcomes = metrics?.counter('consumed_records_total', 'records consumed, by consumer group and outcome', ['group', 'outcome']);
    this.effects = metrics?.counter('consumer_effects_total', "what consumers' batches did, by consumer group and effect", ['group', 'effect']);
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- see ServiceDefinition.consumers
  async start(consumer: BatchConsumer<TopicName, any>): Promise<void> {
    const subscription = await this.bus.subscribe({
      groupId: consumer.group,
      topics: [consumer.topic],
      handleBatch: (batch) => this.onBatch(consumer, batch),
      partitionsConcurrently: consumer.partitionsConcurrently,
    });
    this.subscriptions.push(subscription);
    this.consumers.push(consumer);
    this.logger.info('consuming', { topic: consumer.topic, group: consumer.group });
  }

  async stop(): Promise<void> {
    await Promise.all(this.subscriptions.splice(0).map((s) => s.stop()));
    this.consumers.splice(0);
  }

  /** Each group's lag (records not yet read); stalled partitions (failing longer than `stalledAfterMs`) fail the probe. */
  async health(): Promise<ProbeResult> {
    const now = Date.now();
    const stalled = [...this.partitions].filter(([, h]) => h.failingSince !== null && now - h.failingSince > this.options.stalledAfterMs);
    const lags = await Promise.all(
      this.consumers.map(async (c) => `${c.group}: lag ${await this.bus.lag(c.group, [c.topic]).catch((err: Error) => `unknown (${err.message})`)}`),
    );
    if (stalled.length === 0) return { ok: true, detail: lags.join('; ') || 'no consumers' };
    return { ok: false, detail: `stalled: ${stalled.map(([p, h]) => `${p} (${h.lastError})`).join('; ')}; ${lags.join('; ')}` };
  }

  private async onBatch(consumer: BatchConsumer, batch: IncomingBatch): Promise<void> {
    const key = `${consumer.group}/${batch.topic}#${batch.partition}`;
    const decoded = batch.messages.map((m) => this.decode(consumer, m));
    try {
      await this.apply(consumer, batch, decoded);
      this.progressed(key);
    } catch (err) {
      if (isRetriable(err)) {
        this.failing(key, err as Error);
        throw err; // the bus retries the batch with backoff
      }
      this.logger.warn('batch failed; applying its records one by one', { group: consumer.group, topic: batch.topic, partition: batch.partition, error: (err as Error).message });
      for (const d of decoded) await this.applyAlone(consumer, batch, d, key);
      this.progressed(key);
    }
  }

  private decode(consumer: BatchConsumer, message: IncomingMessage): Decoded {
    // a `<topic>.dlq` consumer (the dead-letter office) reads dead letters
    const parsed = parseJson(contractOf(consumer.topic).schema, message.value);
    if (!parsed.ok) return { ok: false, message, reason: parsed.reason, detail: parsed.detail };
    try {
      const prepared = consumer.prepare ? consumer.prepare(parsed.value as never, message) : undefined;
      return { ok: true, message, delivery: { value: parsed.value, message, cause: causeOf(message), prepared } };
    } catch (err) {
      // a record the analysis cannot take (CPU work before the transaction) is bad input
      return { ok: false, message, reason: 'processing-failed', detail: `${(err as Error).name}: ${(err as Error).message}` };
    }
  }

  /** One transaction: skip what the stored offset covers, dead-letter the bad, handle the rest, store the offset. */
  private async apply(consumer: BatchConsumer, batch: IncomingBatch, decoded: readonly Decoded[]): Promise<void> {
    const effects = await this.db.transaction(async (tx): Promise<Effects | void> => {
      const stored = await this.lockOffset(tx, consumer.group, batch.topic, batch.partition);
      const pending = decoded.filter((d) => BigInt(d.message.offset) > stored);
      if (pending.length === 0) {
        this.outcomes?.inc({ group: consumer.group, outcome: 'redelivered' }, decoded.length);
        return;
      }
      for (const bad of pending) {
        if (bad.ok) continue;
        this.logger.warn('record dead-lettered', { group: consumer.group, topic: bad.message.topic, partition: bad.message.partition, offset: bad.message.offset, reason: bad.reason, detail: bad.detail });
        tx.stage(this.db.publisher.deadLetterOf(bad.message, bad.reason, bad.detail));
      }
      let good = pending.flatMap((d) => (d.ok ? [d.delivery] : []));
      const valid = good.length;
      if (consumer.messageId && good.length > 0) good = await this.claim(tx, consumer, good);
      const effects = good.length > 0 ? await consumer.handle(tx, good as never) : undefined;
      await this.saveOffset(tx, consumer.group, batch.topic, batch.partition, pending[pending.length - 1]!.message.offset);
      this.outcomes?.inc({ group: consumer.group, outcome: 'processed' }, good.length);
      if (valid > good.length) this.outcomes?.inc({ group: consumer.group, outcome: 'duplicate' }, valid - good.length);
      if (pending.length > valid) this.outcomes?.inc({ group: consumer.group, outcome: 'dead-lettered' }, pending.length - valid);
      if (decoded.length > pending.length) this.outcomes?.inc({ group: consumer.group, outcome: 'redelivered' }, decoded.length - pending.length);
      return effects;
    });
    for (const [effect, count] of Object.entries(effects ?? {})) {
      if (typeof count === 'number' && count > 0) this.effects?.inc({ group: consumer.group, effect }, count);
    }
  }

  /** A record of an isolated batch: retried while the failure is transient; dead-lettered after `maxAttempts` others. */
  private async applyAlone(consumer: BatchConsumer, batch: IncomingBatch, d: Decoded, key: string): Promise<void> {
    for (let attempt = 1, transient = 0; ; ) {
      try {
        await this.apply(consumer, batch, [d]);
        return;
      } catch (err) {
        if (isRetriable(err)) {
          this.failing(key, err as Error);
          await sleep(backoffDelay(transient++, 200, 5000));
          continue;
        }
        if (attempt >= this.options.maxAttempts) {
          await this.deadLetterFailed(consumer, batch, d.message, err as Error, attempt);
          return;
        }
        await sleep(backoffDelay(attempt++, 100, 2000));
      }
    }
  }

  private async deadLetterFailed(consumer: BatchConsumer, batch: IncomingBatch, message: IncomingMessage, err: Error, attempts: number): Promise<void> {
    const detail = `${err.name}: ${err.message} (after ${attempts} attempts)`;
    this.logger.error('record kept failing: dead-lettered, partition moves on', { group: consumer.group, topic: message.topic, partition: message.partition, offset: message.offset, error: err });
    for (let transient = 0; ; ) {
      try {
        await this.db.transaction(async (tx) => {
          const stored = await this.lockOffset(tx, consumer.group, batch.topic, batch.partition);
          if (BigInt(message.offset) <= stored) return;
          tx.stage(this.db.publisher.deadLetterOf(message, 'processing-failed', detail));
          await this.saveOffset(tx, consumer.group, batch.topic, batch.partition, message.offset);
        });
        this.outcomes?.inc({ group: consumer.group, outcome: 'dead-lettered' });
        return;
      } catch (e) {
        if (!isRetriable(e)) throw e;
        await sleep(backoffDelay(transient++, 200, 5000));
      }
    }
  }

  /**
   * The stored offset of a partition (-1 when none), its row locked until commit:
   * an instance that lost the partition in a rebalance but still finishes a batch
   * waits, then sees the newer offset and skips.
   */
  private async lockOffset(tx: Tx, group: string, topic: string, partition: number): Promise<bigint> {
    const t = this.tables.offsets.qualified;
    const select = `SELECT "offset" FROM ${t} WHERE group_id = $1 AND topic = $2 AND partition = $3 FOR UPDATE`;
    let rows = await tx.query<{ offset: string }>(select, [group, topic, partition]);
    if (rows.length === 0) {
      // a partition's first batch: create its row (another instance may race us to it), then lock it
      await tx.query(`INSERT INTO ${t} (group_id, topic, partition, "offset") VALUES ($1, $2, $3, -1) ON CONFLICT DO NOTHING`, [group, topic, partition]);
      rows = await tx.query<{ offset: string }>(select, [group, topic, partition]);
    }
    return BigInt(rows[0]!.offset);
  }

  private async saveOffset(tx: Tx, group: string, topic: string, partition: number, offset: string): Promise<void> {
    await tx.query(`UPDATE ${this.tables.offsets.qualified} SET "offset" = $4, updated_at = now() WHERE group_id = $1 AND topic = $2 AND partition = $3`, [group, topic, partition, offset]);
  }

  /** Keeps the deliveries whose id is new (stored now, in the transaction); a repeated id in the batch counts once. */
  private async claim(tx: Tx, consumer: BatchConsumer, deliveries: ReadonlyArray<Delivery<unknown, unknown>>): Promise<Array<Delivery<unknown, unknown>>> {
    const byId = new Map<string, Delivery<unknown, unknown>>();
    for (const d of deliveries) {
      const id = consumer.messageId!(d.value as never);
      if (!byId.has(id)) byId.set(id, d);
    }
    const rows = await tx.query<{ message_id: string }>(
      `INSERT INTO ${this.tables.processed.qualified} (group_id, message_id) SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING RETURNING message_id`,
      [consumer.group, [...byId.keys()]],
    );
    const fresh = new Set(rows.map((r) => r.message_id));
    return [...byId].filter(([id]) => fresh.has(id)).map(([, d]) => d);
  }

  private failing(key: string, err: Error): void {
    const h = this.partitions.get(key) ?? { failingSince: null, lastError: null };
    if (h.failingSince === null) {
      h.failingSince = Date.now();
      this.logger.warn('consumer failing, retrying', { partition: key, error: err.message });
    }
    h.lastError = err.message;
    this.partitions.set(key, h);
  }

  private progressed(key: string): void {
    const h = this.partitions.get(key);
    if (h?.failingSince) {
      this.logger.info('consumer recovered', { partition: key, failingForMs: Date.now() - h.failingSince });
      h.failingSince = null;
      h.lastError = null;
    }
  }
}
