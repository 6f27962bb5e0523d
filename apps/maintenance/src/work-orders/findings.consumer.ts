import { TOPICS } from '@tsunagu/contracts';
import { consumerOf } from '@tsunagu/platform';
import { MAINTENANCE_CONSUMER_GROUP } from '../maintenance.constants';
import { WorkOrdersService } from './work-orders.service';

/**
 * Maintenance findings → work orders, as the `maintenance` consumer group. The
 * finding id is the idempotency key (stored with the work order's change), so a
 * finding re-emitted after a crash attaches nothing twice.
 */
export const FindingsConsumer = consumerOf({
  topic: TOPICS.maintenanceFindings,
  group: MAINTENANCE_CONSUMER_GROUP,
  service: WorkOrdersService,
  handle: (workOrders, tx, deliveries) => workOrders.ingest(tx, deliveries),
});
