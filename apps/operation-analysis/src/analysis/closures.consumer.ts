import { TOPICS } from '@tsunagu/contracts';
import { consumerOf } from '@tsunagu/platform';
import { OPERATION_ANALYSIS_GROUPS } from '../operation-analysis.constants';
import { AnalysisStateRepository } from './analysis-state.repository';

/**
 * Work-order closures from maintenance, stored until the machine's next telemetry
 * batch applies them (by whichever instance owns that machine's partition), so a
 * problem that persists after its work order was closed opens a new one.
 */
export const ClosuresConsumer = consumerOf({
  topic: TOPICS.workOrderClosed,
  group: OPERATION_ANALYSIS_GROUPS.closures,
  service: AnalysisStateRepository,
  handle: async (repository, tx, deliveries) => ({ closures: await repository.insertClosures(tx, deliveries.map((d) => d.value)) }),
});
