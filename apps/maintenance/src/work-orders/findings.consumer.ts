import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { maintenanceFindingV1Schema, TOPICS } from '@tsunagu/contracts';
import { createLogger, PLATFORM_TOKENS, subscribeValidated, type MessageBus, type Metrics, type Subscription } from '@tsunagu/platform';
import { MAINTENANCE_CONSUMER_GROUP } from '../maintenance.constants';
import { WorkOrdersService } from './work-orders.service';

/**
 * Consumes maintenance findings as the `maintenance` consumer group. Invalid
 * messages go to the dead-letter topic with their reason; each partition batch is
 * applied in one transaction, and its offsets are committed only afterwards.
 */
@Injectable()
export class FindingsConsumer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = createLogger('maintenance.findings-consumer');
  private subscription: Subscription | null = null;

  constructor(
    private readonly workOrders: WorkOrdersService,
    @Inject(PLATFORM_TOKENS.bus) private readonly bus: MessageBus,
    @Inject(PLATFORM_TOKENS.serviceName) private readonly serviceName: string,
    @Inject(PLATFORM_TOKENS.metrics) private readonly metrics: Metrics,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const findings = this.metrics.counter('maintenance_findings_total', 'maintenance findings consumed, by outcome', ['outcome']);
    await this.bus.ensureTopics([TOPICS.maintenanceFindings, TOPICS.workOrderClosed]);
    this.subscription = await subscribeValidated({
      bus: this.bus,
      groupId: MAINTENANCE_CONSUMER_GROUP,
      topic: TOPICS.maintenanceFindings,
      schema: maintenanceFindingV1Schema,
      service: this.serviceName,
      logger: this.logger,
      handle: async (items) => {
        const result = await this.workOrders.ingest(items.map((i) => i.value));
        findings.inc({ outcome: 'opened' }, result.opened);
        findings.inc({ outcome: 'attached' }, result.attached);
        findings.inc({ outcome: 'duplicate' }, result.duplicates);
      },
    });
    this.logger.info('consuming maintenance findings', { topic: TOPICS.maintenanceFindings, group: MAINTENANCE_CONSUMER_GROUP });
  }

  async onModuleDestroy(): Promise<void> {
    await this.subscription?.stop();
    this.subscription = null;
  }
}
