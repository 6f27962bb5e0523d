import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { machineTelemetryV1Schema, TOPICS, workOrderClosedV1Schema } from '@tsunagu/contracts';
import { createLogger, PLATFORM_TOKENS, subscribeValidated, type MessageBus, type Subscription } from '@tsunagu/platform';
import { OPERATION_ANALYSIS_GROUPS } from '../operation-analysis.constants';
import { AnalysisService } from './analysis.service';
import { AnalysisStateRepository } from './analysis-state.repository';

/**
 * Two subscriptions: machine telemetry as the `operation-analysis` group (instances
 * share the partitions; state and offsets live in PostgreSQL, so a partition moving
 * to another instance loses nothing), and work-order closures, stored until the
 * machine's next telemetry batch applies them.
 */
@Injectable()
export class TelemetryConsumer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = createLogger('operation-analysis.consumer');
  private readonly subscriptions: Subscription[] = [];

  constructor(
    private readonly analysis: AnalysisService,
    private readonly repository: AnalysisStateRepository,
    @Inject(PLATFORM_TOKENS.bus) private readonly bus: MessageBus,
    @Inject(PLATFORM_TOKENS.serviceName) private readonly serviceName: string,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.bus.ensureTopics([TOPICS.machineTelemetry, TOPICS.maintenanceFindings, TOPICS.workOrderClosed]);
    this.subscriptions.push(
      await subscribeValidated({
        bus: this.bus,
        groupId: OPERATION_ANALYSIS_GROUPS.closures,
        topic: TOPICS.workOrderClosed,
        schema: workOrderClosedV1Schema,
        service: this.serviceName,
        logger: this.logger,
        handle: async (items) => {
          const stored = await this.repository.insertClosures(items.map((i) => i.value));
          if (stored > 0) this.logger.info('work-order closures received', { count: stored });
        },
      }),
    );
    this.subscriptions.push(
      await subscribeValidated({
        bus: this.bus,
        groupId: OPERATION_ANALYSIS_GROUPS.telemetry,
        topic: TOPICS.machineTelemetry,
        schema: machineTelemetryV1Schema,
        service: this.serviceName,
        logger: this.logger,
        handle: async (items) => {
          const first = items[0]!.message;
          await this.analysis.processBatch(first.topic, first.partition, items);
        },
      }),
    );
    this.logger.info('consuming machine telemetry', { topic: TOPICS.machineTelemetry, group: OPERATION_ANALYSIS_GROUPS.telemetry });
  }

  async onModuleDestroy(): Promise<void> {
    const subs = this.subscriptions.splice(0);
    await Promise.all(subs.map((s) => s.stop()));
  }
}
