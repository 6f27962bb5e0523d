import { Injectable } from '@nestjs/common';
import { TOPICS, type PriceV1 } from '@tsunagu/contracts';
import { BatchConsumer, type Delivery, type Tx } from '@tsunagu/platform';
import { TRADING_GROUPS } from '../trading.constants';
import { PricesRepository } from './prices.repository';

/** Keeps the latest price per ticker from the price feed (group `trading-prices`). */
@Injectable()
export class PricesConsumer extends BatchConsumer<typeof TOPICS.prices> {
  readonly topic = TOPICS.prices;
  readonly group = TRADING_GROUPS.prices;

  constructor(private readonly prices: PricesRepository) {
    super();
  }

  async handle(tx: Tx, deliveries: ReadonlyArray<Delivery<PriceV1>>): Promise<void> {
    await this.prices.upsertLatest(tx, deliveries.map((d) => d.value));
  }
}
