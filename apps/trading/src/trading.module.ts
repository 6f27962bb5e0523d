import { Inject, Module, type DynamicModule, type OnModuleInit } from '@nestjs/common';
import { PLATFORM_TOKENS, type HealthRegistry } from '@tsunagu/platform';
import { KillSwitchController } from './controls/kill-switch.controller';
import { OrdersController } from './orders/orders.controller';
import { OrdersRepository } from './orders/orders.repository';
import { SignalsConsumer } from './orders/signals.consumer';
import { TradingService } from './orders/trading.service';
import { PricesConsumer } from './prices/prices.consumer';
import { PricesRepository } from './prices/prices.repository';
import { SYSTEM_CLOCK, TRADING_TOKENS, type Clock } from './trading.constants';
import { tradingOptionsFromEnv, type TradingOptions } from './trading.config';
import { openTradingDataSource, TradingDatabase } from './trading.database';

export interface TradingModuleOptions extends Partial<TradingOptions> {
  /** the clock of the trading day (daily loss limit); tests may pass a fake one */
  readonly clock?: Clock;
}

/**
 * Stock trading (pair 3's system of record), PAPER TRADING ONLY: market signals
 * become simulated orders after pre-trade risk checks, filled against the
 * latest price of the feed; positions, P&L, the audit trail and the kill switch
 * over REST. Own schema `trading`. Relies only on the platform core's providers;
 * `register()` overrides the limits (tests), the bare module reads the environment.
 */
@Module({
  controllers: [OrdersController, KillSwitchController],
  providers: [
    { provide: TRADING_TOKENS.options, useFactory: (): TradingOptions => tradingOptionsFromEnv() },
    { provide: TRADING_TOKENS.clock, useValue: SYSTEM_CLOCK },
    { provide: TRADING_TOKENS.dataSource, inject: [PLATFORM_TOKENS.databaseUrl], useFactory: (url: string) => openTradingDataSource(url) },
    TradingDatabase,
    OrdersRepository,
    PricesRepository,
    TradingService,
    SignalsConsumer,
    PricesConsumer,
  ],
  exports: [TradingService],
})
export class TradingModule implements OnModuleInit {
  constructor(
    @Inject(PLATFORM_TOKENS.health) private readonly health: HealthRegistry,
    private readonly database: TradingDatabase,
  ) {}

  static register(options: TradingModuleOptions = {}): DynamicModule {
    const { clock, ...overrides } = options;
    return {
      module: TradingModule,
      providers: [
        { provide: TRADING_TOKENS.options, useFactory: (): TradingOptions => ({ ...tradingOptionsFromEnv(), ...overrides }) },
        ...(clock ? [{ provide: TRADING_TOKENS.clock, useValue: clock }] : []),
      ],
    };
  }

  onModuleInit(): void {
    this.health.register('trading-db', () => this.database.ping());
  }
}
