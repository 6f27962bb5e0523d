import { Inject, Injectable, type BeforeApplicationShutdown } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { openServiceDataSource } from '@tsunagu/platform';
import { MARKET_SENTIMENT, MARKET_SENTIMENT_TOKENS } from './market-sentiment.constants';
import { MarketSentimentInit1764800000000 } from './migrations/1764800000000-market-sentiment-init';

export function openMarketSentimentDataSource(url: string): Promise<DataSource> {
  return openServiceDataSource({ url, schema: MARKET_SENTIMENT.schema, entities: [], migrations: [MarketSentimentInit1764800000000] });
}

/** Closes the DataSource after the consumer stopped (onModuleDestroy runs first). */
@Injectable()
export class MarketSentimentDatabase implements BeforeApplicationShutdown {
  constructor(@Inject(MARKET_SENTIMENT_TOKENS.dataSource) private readonly dataSource: DataSource) {}

  async beforeApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }

  async ping(): Promise<{ ok: boolean; detail: string }> {
    await this.dataSource.query('SELECT 1');
    return { ok: true, detail: `postgres schema ${MARKET_SENTIMENT.schema}` };
  }
}
