import { Inject, Injectable } from '@nestjs/common';
import { TOPICS, type MarketSignalV1 } from '@tsunagu/contracts';
import { BatchConsumer, PLATFORM_TOKENS, type Delivery, type Metrics, type Tx } from '@tsunagu/platform';
import { TRADING_GROUPS } from '../trading.constants';
import { TradingService } from './trading.service';

/**
 * Market signals as the `trading` consumer group: each becomes a paper order
 * (filled or refused) in the batch's transaction. The signal id is the client
 * order id, so a signal re-emitted under another offset makes no second order.
 */
@Injectable()
export class SignalsConsumer extends BatchConsumer<typeof TOPICS.marketSignals> {
  readonly topic = TOPICS.marketSignals;
  readonly group = TRADING_GROUPS.signals;
  private readonly consumed;

  constructor(
    private readonly trading: TradingService,
    @Inject(PLATFORM_TOKENS.metrics) metrics: Metrics,
  ) {
    super();
    this.consumed = metrics.counter('trading_signals_total', 'market signals consumed, by outcome', ['outcome']);
  }

  async handle(tx: Tx, deliveries: ReadonlyArray<Delivery<MarketSignalV1>>): Promise<void> {
    const outcome = await this.trading.processSignals(tx, deliveries);
    this.consumed.inc({ outcome: 'filled' }, outcome.filled);
    this.consumed.inc({ outcome: 'refused' }, outcome.refused);
    this.consumed.inc({ outcome: 'duplicate' }, outcome.duplicates);
  }
}
