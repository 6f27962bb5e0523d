import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { TOPICS, vehicleIncidentV1Schema } from '@tsunagu/contracts';
import { createLogger, Metrics, PLATFORM_TOKENS, subscribeValidated, type MessageBus, type Subscription } from '@tsunagu/platform';
import { CALL_CENTRE } from '../call-centre.constants';
import { CasesService } from './cases.service';

/**
 * Consumes vehicle incidents (consumer group `call-centre`). Malformed ones go to
 * the dead-letter topic with their reason; the rest are recorded in one
 * transaction per partition batch, idempotently (the finding id is the key).
 */
@Injectable()
export class IncidentsConsumer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = createLogger('call-centre.incidents');
  private subscription: Subscription | null = null;
  private readonly consumed;

  constructor(
    private readonly cases: CasesService,
    @Inject(PLATFORM_TOKENS.bus) private readonly bus: MessageBus,
    @Inject(PLATFORM_TOKENS.metrics) metrics: Metrics,
  ) {
    this.consumed = metrics.counter('call_centre_incidents_total', 'vehicle incidents consumed, by outcome', ['outcome']);
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.bus.ensureTopics([TOPICS.vehicleIncidents]);
    this.subscription = await subscribeValidated({
      bus: this.bus,
      groupId: CALL_CENTRE.consumerGroup,
      topic: TOPICS.vehicleIncidents,
      schema: vehicleIncidentV1Schema,
      service: CALL_CENTRE.serviceName,
      logger: this.logger,
      handle: async (items) => {
        const outcome = await this.cases.recordIncidents(items.map((i) => i.value));
        this.consumed.inc({ outcome: 'opened' }, outcome.opened);
        this.consumed.inc({ outcome: 'attached' }, outcome.attached);
        this.consumed.inc({ outcome: 'duplicate' }, outcome.duplicates);
      },
    });
  }

  async onModuleDestroy(): Promise<void> {
    await this.subscription?.stop();
    this.subscription = null;
  }
}
