import { TOPICS } from '@tsunagu/contracts';
import { consumerOf } from '@tsunagu/platform';
import { OPERATION_ANALYSIS_GROUPS } from '../operation-analysis.constants';
import { AnalysisService } from './analysis.service';

/**
 * Machine telemetry as the `operation-analysis` group: instances share the
 * partitions; state and offsets live in PostgreSQL, so a partition moving to
 * another instance loses nothing.
 */
export const TelemetryConsumer = consumerOf({
  topic: TOPICS.machineTelemetry,
  group: OPERATION_ANALYSIS_GROUPS.telemetry,
  service: AnalysisService,
  handle: (analysis, tx, deliveries) => analysis.apply(tx, deliveries),
  // states are per machine (the record key) and read FOR UPDATE: a batch waits for PostgreSQL while the next is analysed
  partitionsConcurrently: 3,
});
