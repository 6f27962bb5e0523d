import { TOPICS } from '@tsunagu/contracts';
import { consumerOf } from '@tsunagu/platform';
import { TRADING_GROUPS } from '../trading.constants';
import { PricesRepository } from './prices.repository';

/** Keeps the latest price per ticker from the price feed (group `trading-prices`). */
export const PricesConsumer = consumerOf({
  topic: TOPICS.prices,
  group: TRADING_GROUPS.prices,
  service: PricesRepository,
  handle: (prices, tx, deliveries) => prices.upsertLatest(tx, deliveries.map((d) => d.value)),
});
