import { Injectable } from '@nestjs/common';
import { TOPICS, type WorkOrderClosedV1 } from '@tsunagu/contracts';
import { BatchConsumer, createLogger, type Delivery, type Tx } from '@tsunagu/platform';
import { OPERATION_ANALYSIS_GROUPS } from '../operation-analysis.constants';
import { AnalysisStateRepository } from './analysis-state.repository';

/**
 * Work-order closures from maintenance, stored until the machine's next telemetry
 * batch applies them (by whichever instance owns that machine's partition), so a
 * problem that persists after its work order was closed opens a new one.
 */
@Injectable()
export class ClosuresConsumer extends BatchConsumer<typeof TOPICS.workOrderClosed> {
  readonly topic = TOPICS.workOrderClosed;
  readonly group = OPERATION_ANALYSIS_GROUPS.closures;
  private readonly logger = createLogger('operation-analysis.closures');

  constructor(private readonly repository: AnalysisStateRepository) {
    super();
  }

  async handle(tx: Tx, deliveries: ReadonlyArray<Delivery<WorkOrderClosedV1>>): Promise<void> {
    const stored = await this.repository.insertClosures(tx, deliveries.map((d) => d.value));
    if (stored > 0) this.logger.info('work-order closures received', { count: stored });
  }
}
