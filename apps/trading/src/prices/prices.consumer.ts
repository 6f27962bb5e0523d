import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { priceV1Schema, TOPICS } from '@tsunagu/contracts';
import { createLogger, PLATFORM_TOKENS, subscribeValidated, type MessageBus, type Subscription } from '@tsunagu/platform';
import { TRADING } from '../trading.constants';
import { PricesRepository } from './prices.repository';

/** Keeps the latest price per ticker from the price feed (group `trading-prices`). */
@Injectable()
export class PricesConsumer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = createLogger('trading.prices');
  private subscription: Subscription | null = null;

  constructor(
    private readonly prices: PricesRepository,
    @Inject(PLATFORM_TOKENS.bus) private readonly bus: MessageBus,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.bus.ensureTopics([TOPICS.prices]);
    this.subscription = await subscribeValidated({
      bus: this.bus,
      groupId: TRADING.pricesGroup,
      topic: TOPICS.prices,
      schema: priceV1Schema,
      service: TRADING.serviceName,
      logger: this.logger,
      handle: (items) => this.prices.upsertLatest(items.map((i) => i.value)),
    });
  }

  async onModuleDestroy(): Promise<void> {
    await this.subscription?.stop();
    this.subscription = null;
  }
}
