import { serviceModuleClass, serviceOptions, serviceDefinition } from '@tsunagu/platform';
import { KillSwitchController } from './controls/kill-switch.controller';
import { TradingInit1764700000000 } from './migrations/1764700000000-trading-init';
import { TradingLineage1765000000100 } from './migrations/1765000000100-trading-lineage';
import { OrdersController } from './orders/orders.controller';
import { OrdersRepository } from './orders/orders.repository';
import { SignalsConsumer } from './orders/signals.consumer';
import { TradingService } from './orders/trading.service';
import { PricesConsumer } from './prices/prices.consumer';
import { PricesRepository } from './prices/prices.repository';
import { tradingEnv, tradingOptionsFromEnv, type TradingOptions } from './trading.config';
import { TRADING_OPTIONS } from './trading.constants';
import { TRADING_TABLES } from './trading.tables';

/** Paper trading as the kernel builds it: schema, tables, risk limits, consumers, HTTP. */
export const TRADING_SERVICE = serviceDefinition<TradingOptions>({
  name: 'trading',
  migrations: [TradingInit1764700000000, TradingLineage1765000000100],
  tables: TRADING_TABLES,
  options: serviceOptions(TRADING_OPTIONS, tradingEnv, tradingOptionsFromEnv),
  consumers: [SignalsConsumer, PricesConsumer],
  controllers: [OrdersController, KillSwitchController],
  providers: [OrdersRepository, PricesRepository, TradingService],
  exports: [TradingService],
});

/**
 * Stock trading (pair 3's system of record), PAPER TRADING ONLY: market signals
 * become simulated orders after pre-trade risk checks, filled against the
 * latest price of the feed; positions, P&L, the audit trail, each order's
 * lineage and the kill switch over REST. `register()` overrides the limits (tests).
 */
export const TradingModule = serviceModuleClass('TradingModule', TRADING_SERVICE);
