import {
  ConsumerRunner,
  createLogger,
  DEFAULT_KERNEL_SETTINGS,
  InProcessBus,
  openServiceDatabase,
  type BatchConsumer,
  type IncomingBatch,
  type KernelSettings,
  type Metrics,
  type ServiceDatabase,
  type ServiceDefinition,
  type SubscribeOptions,
  type Subscription,
} from '@tsunagu/platform';

/** The in-process bus, except that the bench hands the consumer its batches (in the sizes it chooses). */
export class HandingBus extends InProcessBus {
  handle: ((batch: IncomingBatch) => Promise<void>) | null = null;

  override async subscribe(options: SubscribeOptions): Promise<Subscription> {
    this.handle = options.handleBatch;
    return { stop: async () => undefined };
  }
}

/**
 * A service's batch path as the kernel runs it, without Nest (tsx emits no decorator
 * metadata): its database as the kernel opens it (migrations, publisher, outbox
 * relay), and one consumer started on a bus the bench hands batches through.
 */
export async function benchConsumerPath(
  def: Pick<ServiceDefinition, 'name' | 'schema' | 'migrations'>,
  url: string,
  consumerOf: (db: ServiceDatabase) => BatchConsumer,
  opts: { partitions?: number; settings?: KernelSettings; metrics?: Metrics } = {},
): Promise<{ bus: HandingBus; db: ServiceDatabase; close(): Promise<void> }> {
  const settings = opts.settings ?? DEFAULT_KERNEL_SETTINGS;
  const bus = new HandingBus(opts.partitions, 1000);
  const db = await openServiceDatabase(def, url, bus, settings, opts.metrics);
  const runner = new ConsumerRunner(def.name, bus, db, settings.consumers, createLogger('bench.consumer'), opts.metrics);
  await runner.start(consumerOf(db));
  return {
    bus,
    db,
    close: async () => {
      await runner.stop();
      await db.outbox.stop();
      await db.close();
      await bus.close();
    },
  };
}
