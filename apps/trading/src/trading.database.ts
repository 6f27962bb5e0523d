import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { ServiceDatabase, openServiceDataSource } from '@tsunagu/platform';
import { TradingInit1764700000000 } from './migrations/1764700000000-trading-init';
import { TRADING, TRADING_TOKENS } from './trading.constants';

export function openTradingDataSource(url: string): Promise<DataSource> {
  return openServiceDataSource({ url, schema: TRADING.schema, entities: [], migrations: [TradingInit1764700000000] });
}

/** Probes and closes this service's schema (see ServiceDatabase). */
@Injectable()
export class TradingDatabase extends ServiceDatabase {
  constructor(@Inject(TRADING_TOKENS.dataSource) dataSource: DataSource) {
    super(dataSource, TRADING.schema);
  }
}
