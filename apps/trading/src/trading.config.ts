import { z } from 'zod';
import { envTypes } from '@tsunagu/platform';
import type { RiskLimits } from '@tsunagu/trading';

const money = z.coerce.number().positive();

/** Paper-trading risk limits, from the environment (validated once, at start-up). */
export const tradingEnv = z.object({
  /** notional of one order at full signal strength, currency units (half of it for the weakest signal) */
  TRADING_ORDER_NOTIONAL: money.default(10_000),
  /** largest value of one order, currency units */
  TRADING_MAX_ORDER_VALUE: money.default(25_000),
  /** largest |position| per ticker, valued at the fill price, currency units */
  TRADING_MAX_POSITION_VALUE: money.default(50_000),
  /** no new order once today's realised + open unrealised P&L reaches −this, currency units */
  TRADING_DAILY_LOSS_LIMIT: money.default(5_000),
  /** minimum time between two orders on one ticker, ms of signal time */
  TRADING_COOL_DOWN_MS: envTypes.positiveInt.default(15 * 60_000),
  /**
   * oldest price a signal may be filled at, ms: measured from the price's tick time (`ts`) to the
   * signal's `emittedAt`; an older price is refused with the rule `stale-price`, never filled
   */
  TRADING_MAX_PRICE_AGE_MS: envTypes.positiveInt.default(5 * 60_000),
});

export type TradingOptions = RiskLimits;

export function tradingOptionsFromEnv(c: z.infer<typeof tradingEnv>): TradingOptions {
  return {
    orderNotional: c.TRADING_ORDER_NOTIONAL,
    maxOrderValue: c.TRADING_MAX_ORDER_VALUE,
    maxPositionValue: c.TRADING_MAX_POSITION_VALUE,
    dailyLossLimit: c.TRADING_DAILY_LOSS_LIMIT,
    coolDownMs: c.TRADING_COOL_DOWN_MS,
    maxPriceAgeMs: c.TRADING_MAX_PRICE_AGE_MS,
  };
}
