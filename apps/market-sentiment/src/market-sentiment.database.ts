import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { ServiceDatabase, openServiceDataSource } from '@tsunagu/platform';
import { MARKET_SENTIMENT, MARKET_SENTIMENT_TOKENS } from './market-sentiment.constants';
import { MarketSentimentInit1764800000000 } from './migrations/1764800000000-market-sentiment-init';

export function openMarketSentimentDataSource(url: string): Promise<DataSource> {
  return openServiceDataSource({ url, schema: MARKET_SENTIMENT.schema, entities: [], migrations: [MarketSentimentInit1764800000000] });
}

/** Probes and closes this service's schema (see ServiceDatabase). */
@Injectable()
export class MarketSentimentDatabase extends ServiceDatabase {
  constructor(@Inject(MARKET_SENTIMENT_TOKENS.dataSource) dataSource: DataSource) {
    super(dataSource, MARKET_SENTIMENT.schema);
  }
}
