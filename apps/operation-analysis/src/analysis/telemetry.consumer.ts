import { Injectable } from '@nestjs/common';
import { TOPICS, type MachineTelemetryV1 } from '@tsunagu/contracts';
import { BatchConsumer, type Delivery, type Tx } from '@tsunagu/platform';
import { OPERATION_ANALYSIS_GROUPS } from '../operation-analysis.constants';
import { AnalysisService } from './analysis.service';

/**
 * Machine telemetry as the `operation-analysis` group: instances share the
 * partitions; state and offsets live in PostgreSQL, so a partition moving to
 * another instance loses nothing.
 */
@Injectable()
export class TelemetryConsumer extends BatchConsumer<typeof TOPICS.machineTelemetry> {
  readonly topic = TOPICS.machineTelemetry;
  readonly group = OPERATION_ANALYSIS_GROUPS.telemetry;

  constructor(private readonly analysis: AnalysisService) {
    super();
  }

  async handle(tx: Tx, deliveries: ReadonlyArray<Delivery<MachineTelemetryV1>>): Promise<void> {
    await this.analysis.apply(tx, deliveries);
  }
}
