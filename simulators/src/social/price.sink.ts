import { HEADERS, TOPICS, type PriceV1 } from '@tsunagu/contracts';
import type { MessageBus } from '@tsunagu/platform/messaging/message-bus';

/** Where simulated price ticks go (the paper-trading system reads `market.price.updated.v1`). */
export interface PriceSink {
  publish(ticks: readonly PriceV1[]): Promise<void>;
}

/** Publishes ticks on the prices topic, keyed by ticker, in one batch per call. */
export class BusPriceSink implements PriceSink {
  constructor(private readonly bus: MessageBus) {}

  async publish(ticks: readonly PriceV1[]): Promise<void> {
    if (ticks.length === 0) return;
    await this.bus.publish(
      TOPICS.prices,
      ticks.map((t) => ({ key: t.ticker, value: JSON.stringify(t), headers: { [HEADERS.producer]: 'simulators' } })),
    );
  }
}
