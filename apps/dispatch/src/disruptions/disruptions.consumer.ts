import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { TOPICS, transitDisruptionV1Schema } from '@tsunagu/contracts';
import { createLogger, Metrics, PLATFORM_TOKENS, subscribeValidated, type MessageBus, type Subscription } from '@tsunagu/platform';
import { DISPATCH } from '../dispatch.constants';
import { DispatchService } from './dispatch.service';

/**
 * Consumes transit disruptions (consumer group `dispatch-disruptions`). Invalid
 * ones go to the dead-letter topic; the rest are applied in one transaction per
 * partition batch, idempotently (`<disruption id>:<status>` is remembered).
 */
@Injectable()
export class DisruptionsConsumer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = createLogger('dispatch.disruptions');
  private subscription: Subscription | null = null;
  private readonly consumed;

  constructor(
    private readonly dispatch: DispatchService,
    @Inject(PLATFORM_TOKENS.bus) private readonly bus: MessageBus,
    @Inject(PLATFORM_TOKENS.metrics) metrics: Metrics,
  ) {
    this.consumed = metrics.counter('dispatch_disruptions_total', 'disruption events consumed, by outcome', ['outcome']);
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.bus.ensureTopics([TOPICS.transitDisruptions]);
    this.subscription = await subscribeValidated({
      bus: this.bus,
      groupId: DISPATCH.disruptionsGroup,
      topic: TOPICS.transitDisruptions,
      schema: transitDisruptionV1Schema,
      service: DISPATCH.serviceName,
      logger: this.logger,
      handle: async (items) => {
        const outcome = await this.dispatch.recordDisruptions(items.map((i) => i.value));
        this.consumed.inc({ outcome: 'started' }, outcome.started);
        this.consumed.inc({ outcome: 'ended' }, outcome.ended);
        this.consumed.inc({ outcome: 'duplicate' }, outcome.duplicates);
      },
    });
  }

  async onModuleDestroy(): Promise<void> {
    await this.subscription?.stop();
    this.subscription = null;
  }
}
