import { Inject, Injectable, type BeforeApplicationShutdown } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { openServiceDataSource } from '@tsunagu/platform';
import { TradingInit1764700000000 } from './migrations/1764700000000-trading-init';
import { TRADING, TRADING_TOKENS } from './trading.constants';

export function openTradingDataSource(url: string): Promise<DataSource> {
  return openServiceDataSource({ url, schema: TRADING.schema, entities: [], migrations: [TradingInit1764700000000] });
}

/** Closes the DataSource after the consumers stopped (onModuleDestroy runs first). */
@Injectable()
export class TradingDatabase implements BeforeApplicationShutdown {
  constructor(@Inject(TRADING_TOKENS.dataSource) private readonly dataSource: DataSource) {}

  async beforeApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }

  async ping(): Promise<{ ok: boolean; detail: string }> {
    await this.dataSource.query('SELECT 1');
    return { ok: true, detail: `postgres schema ${TRADING.schema}` };
  }
}
