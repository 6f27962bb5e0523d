import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { marketSignalV1Schema, TOPICS } from '@tsunagu/contracts';
import { createLogger, Metrics, PLATFORM_TOKENS, subscribeValidated, type MessageBus, type Subscription } from '@tsunagu/platform';
import { TRADING } from '../trading.constants';
import { TradingService } from './trading.service';

/**
 * Consumes market signals (group `trading`). Invalid ones go to the dead-letter
 * topic; the rest become paper orders, one transaction per partition batch.
 */
@Injectable()
export class SignalsConsumer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = createLogger('trading.signals');
  private subscription: Subscription | null = null;
  private readonly consumed;

  constructor(
    private readonly trading: TradingService,
    @Inject(PLATFORM_TOKENS.bus) private readonly bus: MessageBus,
    @Inject(PLATFORM_TOKENS.metrics) metrics: Metrics,
  ) {
    this.consumed = metrics.counter('trading_signals_total', 'market signals consumed, by outcome', ['outcome']);
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.bus.ensureTopics([TOPICS.marketSignals]);
    this.subscription = await subscribeValidated({
      bus: this.bus,
      groupId: TRADING.signalsGroup,
      topic: TOPICS.marketSignals,
      schema: marketSignalV1Schema,
      service: TRADING.serviceName,
      logger: this.logger,
      handle: async (items) => {
        const outcome = await this.trading.processSignals(items.map((i) => i.value));
        this.consumed.inc({ outcome: 'filled' }, outcome.filled);
        this.consumed.inc({ outcome: 'refused' }, outcome.refused);
        this.consumed.inc({ outcome: 'duplicate' }, outcome.duplicates);
      },
    });
  }

  async onModuleDestroy(): Promise<void> {
    await this.subscription?.stop();
    this.subscription = null;
  }
}
