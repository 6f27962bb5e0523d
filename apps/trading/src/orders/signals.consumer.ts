import { TOPICS } from '@tsunagu/contracts';
import { consumerOf } from '@tsunagu/platform';
import { TRADING_GROUPS } from '../trading.constants';
import { TradingService } from './trading.service';

/**
 * Market signals as the `trading` consumer group: each becomes a paper order
 * (filled or refused) in the batch's transaction. The signal id is the client
 * order id, so a signal re-emitted under another offset makes no second order.
 */
export const SignalsConsumer = consumerOf({
  topic: TOPICS.marketSignals,
  group: TRADING_GROUPS.signals,
  service: TradingService,
  handle: (trading, tx, deliveries) => trading.processSignals(tx, deliveries),
});
