import { Inject, Injectable } from '@nestjs/common';
import { TOPICS, type MaintenanceFindingV1 } from '@tsunagu/contracts';
import { BatchConsumer, PLATFORM_TOKENS, type Delivery, type Metrics, type Tx } from '@tsunagu/platform';
import { MAINTENANCE_CONSUMER_GROUP } from '../maintenance.constants';
import { WorkOrdersService } from './work-orders.service';

/**
 * Maintenance findings → work orders, as the `maintenance` consumer group. The
 * finding id is the idempotency key (stored with the work order's change), so a
 * finding re-emitted after a crash attaches nothing twice.
 */
@Injectable()
export class FindingsConsumer extends BatchConsumer<typeof TOPICS.maintenanceFindings> {
  readonly topic = TOPICS.maintenanceFindings;
  readonly group = MAINTENANCE_CONSUMER_GROUP;
  private readonly findings;

  constructor(
    private readonly workOrders: WorkOrdersService,
    @Inject(PLATFORM_TOKENS.metrics) metrics: Metrics,
  ) {
    super();
    this.findings = metrics.counter('maintenance_findings_total', 'maintenance findings consumed, by outcome', ['outcome']);
  }

  async handle(tx: Tx, deliveries: ReadonlyArray<Delivery<MaintenanceFindingV1>>): Promise<void> {
    const result = await this.workOrders.ingest(tx, deliveries);
    this.findings.inc({ outcome: 'opened' }, result.opened);
    this.findings.inc({ outcome: 'attached' }, result.attached);
    this.findings.inc({ outcome: 'duplicate' }, result.duplicates);
  }
}
