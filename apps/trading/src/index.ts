/** The trading service's public entry (the all-in-one process and other apps' tests import only this). */
export { TradingModule, TRADING_SERVICE } from './trading.module';
export { tradingEnv, type TradingOptions } from './trading.config';
export { PAPER_LABEL, TRADING_GROUPS, TRADING_SCHEMA } from './trading.constants';
export { TRADING_TABLES } from './trading.tables';
export { TradingService, type OrderLineage, type OrderRow } from './orders/trading.service';
