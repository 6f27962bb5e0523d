import { TOPICS, type MarketSignalV1, type PriceV1 } from '@tsunagu/contracts';
import type { MessageBus } from '@tsunagu/platform';

export const T0 = Date.UTC(2026, 10, 29, 9, 0, 0);

export function signal(ticker: string, emittedAt: number, overrides: Partial<MarketSignalV1> = {}): MarketSignalV1 {
  const direction = overrides.direction ?? 'buy';
  return {
    signalId: `${ticker}:${direction}:${emittedAt}`,
    ticker,
    direction,
    strength: 1,
    confidence: 0.9,
    window: { start: emittedAt - 300_000, end: emittedAt },
    tweetCount: 3,
    meanSentiment: direction === 'buy' ? 0.8 : -0.8,
    volumeZ: 4,
    tweetIds: [`${ticker}-t1-${emittedAt}`, `${ticker}-t2-${emittedAt}`, `${ticker}-t3-${emittedAt}`],
    model: 'finance-bayes-v1',
    emittedAt,
    ...overrides,
  };
}

export function publishSignals(bus: MessageBus, signals: readonly MarketSignalV1[]): Promise<void> {
  return bus.publish(
    TOPICS.marketSignals,
    signals.map((s) => ({ key: s.ticker, value: JSON.stringify(s) })),
  );
}

export function publishPrices(bus: MessageBus, prices: readonly PriceV1[]): Promise<void> {
  return bus.publish(
    TOPICS.prices,
    prices.map((p) => ({ key: p.ticker, value: JSON.stringify(p) })),
  );
}
