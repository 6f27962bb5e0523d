/**
 * The service kernel against a real PostgreSQL (no Kafka): the outbox, the
 * transactional consumer (offsets, redelivery, message ids, dead letters, poison
 * records, transient failures) and the table definitions. The bus is a recording
 * stand-in, so batches can be delivered (and redelivered) exactly as a test wants.
 */
import type { DataSource } from 'typeorm';
import { deadLetterTopicOf, HEADERS, REQUIRED_HEADERS, TOPICS, type DeadLetterV1, type WorkOrderClosedV1 } from '@tsunagu/contracts';
import {
  BatchConsumer,
  ConsumerRunner,
  consumerOf,
  Metrics,
  createLogger,
  kernelTables,
  KernelTables1765000000000,
  KERNEL_IGNORED_TABLES,
  openServiceDataSource,
  OutboxRelay,
  Publisher,
  schemaMismatches,
  ServiceDatabase,
  setLogLevel,
  TransientError,
  type Delivery,
  type IncomingBatch,
  type IncomingMessage,
  type MessageBus,
  type OutgoingMessage,
  type SubscribeOptions,
  type Tx,
  type DbColumn,
} from '@tsunagu/platform';
import { Test } from '@nestjs/testing';
import { testResources } from '../../../test/support/test-resources';

/** A bus that records what is published and hands batches to the consumer when the test says so. */
class RecordingBus implements Pick<MessageBus, 'publish' | 'subscribe' | 'ensureTopics' | 'lag'> {
  readonly published: Array<{ topic: string; message: OutgoingMessage }> = [];
  handler: ((batch: IncomingBatch) => Promise<void>) | null = null;
  down = false;
  async publish(topic: string, messages: readonly OutgoingMessage[]): Promise<void> {
    if (this.down) throw new TransientError('bus down');
    this.published.push(...messages.map((message) => ({ topic, message })));
  }
  async subscribe(options: SubscribeOptions) {
    this.handler = options.handleBatch;
    return { stop: async () => undefined };
  }
  async ensureTopics(): Promise<void> {}
  async lag(): Promise<number> {
    return 0;
  }
  json<T>(topic: string): T[] {
    return this.published.filter((p) => p.topic === topic).map((p) => JSON.parse(String(p.message.value)) as T);
  }
}

const closure = (workOrderId: string): WorkOrderClosedV1 => ({ workOrderId, machineId: 'm-1', dedupKey: 'm-1:coolant', status: 'done', closedAt: 1, closedBy: 'sato' });

function batch(values: ReadonlyArray<unknown>, firstOffset: number, partition = 0): IncomingBatch {
  const messages: IncomingMessage[] = values.map((v, i) => ({
    topic: TOPICS.workOrderClosed,
    partition,
    offset: String(firstOffset + i),
    key: 'm-1',
    value: Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)),
    headers: { [HEADERS.correlationId]: `c-${firstOffset + i}` },
    timestamp: 0,
  }));
  return { topic: TOPICS.workOrderClosed, partition, messages };
}

/** Stores each closure it handles; fails on the ones the test marks. */
class ClosureRecorder extends BatchConsumer<typeof TOPICS.workOrderClosed> {
  readonly topic = TOPICS.workOrderClosed;
  readonly group = 'recorder';
  poison = new Set<string>();
  transientOnce = new Set<string>();
  dedupe = false;
  constructor(private readonly schema: string) {
    super();
  }
  override messageId?(value: WorkOrderClosedV1): string;
  async handle(tx: Tx, deliveries: ReadonlyArray<Delivery<WorkOrderClosedV1>>): Promise<void> {
    for (const d of deliveries) {
      if (this.poison.has(d.value.workOrderId)) throw new RangeError(`cannot handle ${d.value.workOrderId}`);
      if (this.transientOnce.delete(d.value.workOrderId)) throw new TransientError('database hiccup');
      await tx.query(`INSERT INTO ${this.schema}.seen (id) VALUES ($1)`, [d.value.workOrderId]);
      tx.publish(TOPICS.workOrderClosed, [{ value: { ...d.value, closedBy: 'echo' }, cause: d.cause }]);
    }
  }
}

describe('service kernel (real PostgreSQL)', () => {
  const resources = testResources();
  const schema = 'kernel_test';
  let dataSource: DataSource;
  let bus: RecordingBus;
  let service: ServiceDatabase;
  let consumer: ClosureRecorder;
  let runner: ConsumerRunner;

  const seen = async () => (await dataSource.query(`SELECT id FROM ${schema}.seen ORDER BY id`)).map((r: { id: string }) => r.id);
  const storedOffset = async () =>
    (await dataSource.query(`SELECT "offset" FROM ${schema}.kernel_offsets WHERE group_id = 'recorder' AND partition = 0`))[0]?.offset as string | undefined;

  beforeAll(async () => {
    setLogLevel('silent');
    const db = await resources.database();
    dataSource = resources.own(await openServiceDataSource({ url: db.url, schema, migrations: [KernelTables1765000000000] }), (d) => d.destroy());
    await dataSource.query(`CREATE TABLE ${schema}.seen (id text PRIMARY KEY)`);
  });

  beforeEach(async () => {
    await dataSource.query(`TRUNCATE ${schema}.seen, ${schema}.kernel_offsets, ${schema}.kernel_outbox, ${schema}.kernel_processed`);
    bus = new RecordingBus();
    const publisher = new Publisher(bus as unknown as MessageBus, { producer: 'kernel-test', validate: true });
    const relay = new OutboxRelay(dataSource, schema, bus as unknown as MessageBus, { enabled: false, pollMs: 1000, batchSize: 2 }, createLogger('test.outbox'));
    service = new ServiceDatabase(dataSource, schema, publisher, relay);
    consumer = new ClosureRecorder(schema);
    runner = new ConsumerRunner('kernel-test', bus as unknown as MessageBus, service, { maxAttempts: 2, stalledAfterMs: 60_000 }, createLogger('test.consumer'));
    await runner.start(consumer);
  });

  describe('outbox', () => {
    it('publishes nothing before commit, then relays in order with the same headers on every record', async () => {
      await service.transaction(async (tx) => {
        tx.publish(TOPICS.workOrderClosed, [{ value: closure('a') }, { value: closure('b') }, { value: closure('c') }]);
      });
      expect(bus.published).toHaveLength(0);
      await service.outbox.drain();
      expect(bus.json<WorkOrderClosedV1>(TOPICS.workOrderClosed).map((c) => c.workOrderId)).toEqual(['a', 'b', 'c']);
      for (const { message } of bus.published) {
        expect(Object.keys(message.headers ?? {})).toEqual(expect.arrayContaining([...REQUIRED_HEADERS]));
        expect(message.headers).toMatchObject({ [HEADERS.schema]: TOPICS.workOrderClosed, [HEADERS.producer]: 'kernel-test', [HEADERS.sourcePartition]: '-1' });
        expect(message.key).toBe('m-1');
      }
      expect((await service.outbox.backlog()).records).toBe(0);
    });

    it('writes nothing for a transaction that rolls back', async () => {
      await expect(
        service.transaction(async (tx) => {
          tx.publish(TOPICS.workOrderClosed, [{ value: closure('rolled-back') }]);
          throw new Error('the effect failed');
        }),
      ).rejects.toThrow('the effect failed');
      expect((await service.outbox.backlog()).records).toBe(0);
      await service.outbox.drain();
      expect(bus.published).toHaveLength(0);
    });

    it('refuses a value its topic’s schema rejects, failing the transaction', async () => {
      await expect(service.transaction(async (tx) => tx.publish(TOPICS.workOrderClosed, [{ value: { ...closure('x'), status: 'maybe' } as never }]))).rejects.toThrow(
        /refusing to publish on maintenance.work-order.closed.v1: status/,
      );
    });

    it('keeps records while the bus is down and relays them once it is back', async () => {
      await service.transaction(async (tx) => tx.publish(TOPICS.workOrderClosed, [{ value: closure('held') }]));
      bus.down = true;
      await expect(service.outbox.drain()).rejects.toThrow('bus down');
      expect((await service.outbox.backlog()).records).toBe(1);
      bus.down = false;
      await service.outbox.drain();
      expect(bus.json<WorkOrderClosedV1>(TOPICS.workOrderClosed).map((c) => c.workOrderId)).toEqual(['held']);
    });
  });

  describe('transactional consumer', () => {
    it('applies a batch with its offset, and skips it when it is delivered again', async () => {
      await bus.handler!(batch([closure('a'), closure('b')], 0));
      expect(await seen()).toEqual(['a', 'b']);
      expect(await storedOffset()).toBe('1');
      // redelivered (a lost Kafka commit, a rebalance) together with one new record
      await bus.handler!(batch([closure('a'), closure('b'), closure('c')], 0));
      expect(await seen()).toEqual(['a', 'b', 'c']);
      expect(await storedOffset()).toBe('2');
    });

    it('publishes effects after commit with the consumed record as their lineage', async () => {
      await bus.handler!(batch([closure('a')], 7, 2));
      await service.outbox.drain();
      const [record] = bus.published;
      expect(record!.message.headers).toMatchObject({
        [HEADERS.sourceTopic]: TOPICS.workOrderClosed,
        [HEADERS.sourcePartition]: '2',
        [HEADERS.sourceOffset]: '7',
        [HEADERS.correlationId]: 'c-7',
      });
    });

    it('dead-letters invalid records with reason and origin in the same transaction, and handles the rest', async () => {
      await bus.handler!(batch([closure('a'), '{not json', { ...closure('b'), status: 'maybe' }, closure('c')], 10));
      expect(await seen()).toEqual(['a', 'c']);
      await service.outbox.drain();
      const letters = bus.json<DeadLetterV1>(deadLetterTopicOf(TOPICS.workOrderClosed));
      expect(letters.map((l) => [l.reason, l.origin.offset])).toEqual([
        ['malformed-json', '11'],
        ['schema-violation', '12'],
      ]);
      expect(letters[1]!.detail).toContain('status');
      const headers = bus.published.find((p) => p.topic.endsWith('.dlq'))!.message.headers!;
      expect(headers).toMatchObject({ [HEADERS.schema]: 'dead-letter.v1', [HEADERS.sourceOffset]: '11' });
      // delivered again: no second dead letter
      await bus.handler!(batch([closure('a'), '{not json'], 10));
      await service.outbox.drain();
      expect(bus.json<DeadLetterV1>(deadLetterTopicOf(TOPICS.workOrderClosed))).toHaveLength(2);
    });

    it('isolates a record whose handling keeps failing: dead-lettered after its attempts, the partition moves on', async () => {
      consumer.poison.add('bad');
      await bus.handler!(batch([closure('a'), closure('bad'), closure('c')], 20));
      expect(await seen()).toEqual(['a', 'c']);
      expect(await storedOffset()).toBe('22');
      await service.outbox.drain();
      const [letter] = bus.json<DeadLetterV1>(deadLetterTopicOf(TOPICS.workOrderClosed));
      expect(letter).toMatchObject({ reason: 'processing-failed', origin: { topic: TOPICS.workOrderClosed, partition: 0, offset: '21' } });
      expect(letter!.detail).toContain('RangeError: cannot handle bad (after 2 attempts)');
    });

    it('retries a transient failure instead of dead-lettering: nothing of the batch is committed', async () => {
      consumer.transientOnce.add('b');
      await expect(bus.handler!(batch([closure('a'), closure('b')], 30))).rejects.toThrow('database hiccup');
      expect(await seen()).toEqual([]);
      expect(await storedOffset()).toBeUndefined();
      // failing, but not for long: not stalled yet
      expect((await runner.health()).ok).toBe(true);
      const impatient = new ConsumerRunner('kernel-test', bus as unknown as MessageBus, service, { maxAttempts: 2, stalledAfterMs: 0 }, createLogger('test.consumer'));
      await impatient.start(consumer);
      consumer.transientOnce.add('z');
      await expect(bus.handler!(batch([closure('z')], 50, 1))).rejects.toThrow('database hiccup');
      await new Promise((r) => setTimeout(r, 5));
      const probe = await impatient.health();
      expect(probe).toMatchObject({ ok: false, detail: expect.stringContaining('stalled: recorder/maintenance.work-order.closed.v1#1 (database hiccup)') });
      expect(probe.detail).toContain('recorder: lag 0');
      // the bus retries the batch
      await bus.handler!(batch([closure('a'), closure('b')], 30));
      expect(await seen()).toEqual(['a', 'b']);
    });

    it('drops a record whose message id was processed before under another offset', async () => {
      consumer.messageId = (v) => v.workOrderId;
      await bus.handler!(batch([closure('a'), closure('a')], 40));
      await bus.handler!(batch([closure('a'), closure('b')], 42));
      expect(await seen()).toEqual(['a', 'b']);
    });
  });

  describe('consumers declared with consumerOf', () => {
    /** the one service such a consumer hands its batches to */
    class ClosureStore {
      async store(tx: Tx, values: readonly WorkOrderClosedV1[]): Promise<{ stored: number; ids: string[] }> {
        for (const v of values) await tx.query(`INSERT INTO ${schema}.seen (id) VALUES ($1)`, [v.workOrderId]);
        return { stored: values.length, ids: values.map((v) => v.workOrderId) };
      }
    }

    it('gets its service injected, and what it returns is counted by effect after commit', async () => {
      const SpecConsumer = consumerOf({
        name: 'ClosureSpecConsumer',
        topic: TOPICS.workOrderClosed,
        group: 'spec-recorder',
        service: ClosureStore,
        handle: (store, tx, deliveries) => store.store(tx, deliveries.map((d) => d.value)),
      });
      const moduleRef = await Test.createTestingModule({ providers: [ClosureStore, SpecConsumer] }).compile();
      const metrics = new Metrics('kernel-test', { defaults: false });
      const specRunner = new ConsumerRunner('kernel-test', bus as unknown as MessageBus, service, { maxAttempts: 2, stalledAfterMs: 60_000 }, createLogger('test.consumer'), metrics);
      await specRunner.start(moduleRef.get(SpecConsumer));
      expect(SpecConsumer.name).toBe('ClosureSpecConsumer');
      await bus.handler!(batch([closure('s1'), closure('s2')], 0));
      expect(await seen()).toEqual(['s1', 's2']);
      const exposition = await metrics.registry.metrics();
      expect(exposition).toContain('tsunagu_consumer_effects_total{group="spec-recorder",effect="stored",service="kernel-test"} 2');
      expect(exposition).not.toContain('effect="ids"');
    });
  });

  describe('table definitions', () => {
    it('match what the kernel migration created', async () => {
      const columns: DbColumn[] = await dataSource.query(
        `SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns WHERE table_schema = $1`,
        [schema],
      );
      expect(schemaMismatches(Object.values(kernelTables(schema)), columns, [...KERNEL_IGNORED_TABLES, 'seen'])).toEqual([]);
      // and a difference is reported
      const wrong = { ...kernelTables(schema).outbox, columns: { ...kernelTables(schema).outbox.columns } };
      expect(schemaMismatches([wrong], columns.filter((c) => c.table_name === 'kernel_outbox' && c.column_name !== 'key'))).toEqual([
        `${schema}.kernel_outbox.key: defined but not created`,
      ]);
    });
  });
});
