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

/** The platform's price-feed door (`POST /prices`), for when the simulator has no Kafka access. */
export class HttpPriceSink implements PriceSink {
  constructor(private readonly api: { request(method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }> }) {}

  async publish(ticks: readonly PriceV1[]): Promise<void> {
    for (let i = 0; i < ticks.length; i += 1000) {
      const res = await this.api.request('POST', '/prices', { prices: ticks.slice(i, i + 1000) });
      if (res.status !== 202) throw new Error(`price feed refused (${res.status}): ${JSON.stringify(res.body).slice(0, 300)}`);
    }
  }
}
