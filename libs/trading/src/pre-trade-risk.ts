import type { OrderSide, Position } from './position';

/** The pre-trade rules, in the order they are checked; a refusal names the first that failed. */
export const RISK_RULES = {
  killSwitch: 'kill-switch',
  noPrice: 'no-price',
  stalePrice: 'stale-price',
  coolDown: 'cool-down',
  orderTooSmall: 'order-too-small',
  maxOrderValue: 'max-order-value',
  maxPosition: 'max-position',
  dailyLossLimit: 'daily-loss-limit',
} as const;
export type RiskRule = (typeof RISK_RULES)[keyof typeof RISK_RULES];

export interface RiskLimits {
  /** notional of an order at full signal strength, currency (scaled down to half for the weakest signal) */
  readonly orderNotional: number;
  /** largest order value allowed, currency */
  readonly maxOrderValue: number;
  /** largest |position| per ticker after the fill, at the fill price, currency */
  readonly maxPositionValue: number;
  /** trading stops for the day once realised (today) + unrealised P&L falls to −this, currency */
  readonly dailyLossLimit: number;
  /** at least this long between two orders on one ticker, ms of signal time */
  readonly coolDownMs: number;
  /** a price older than this, measured from its tick time to the signal's emittedAt, is refused: ms */
  readonly maxPriceAgeMs: number;
}

export interface RiskInput {
  readonly signal: { readonly ticker: string; readonly direction: OrderSide; readonly strength: number; readonly emittedAt: number };
  readonly limits: RiskLimits;
  readonly killSwitchEngaged: boolean;
  /** latest price of the ticker, or null when the feed has none */
  readonly price: number | null;
  /** epoch ms of that price's tick (null when there is no price) */
  readonly priceTs: number | null;
  readonly position: Position;
  /** signal time of the last filled order on this ticker */
  readonly lastOrderAt: number | null;
  /** realised P&L of today plus unrealised P&L of every position, currency */
  readonly dayPnl: number;
}

export type RiskDecision =
  | { readonly accepted: true; readonly side: OrderSide; readonly qty: number; readonly price: number; readonly value: number }
  | { readonly accepted: false; readonly rule: RiskRule; readonly detail: string };

/** Sizes the order from the signal, then checks every limit; the first limit breached refuses it. */
export function checkPreTradeRisk(input: RiskInput): RiskDecision {
  const { signal, limits, price, position } = input;
  if (input.killSwitchEngaged) return refuse(RISK_RULES.killSwitch, 'the global kill switch is engaged');
  if (price === null || !(price > 0)) return refuse(RISK_RULES.noPrice, `no price for ${signal.ticker} in the price feed: not filled`);
  // a price newer than the signal is fine; one from long before it says nothing about the market the signal saw
  const priceAgeMs = input.priceTs === null ? Number.POSITIVE_INFINITY : signal.emittedAt - input.priceTs;
  if (priceAgeMs > limits.maxPriceAgeMs) {
    return refuse(
      RISK_RULES.stalePrice,
      input.priceTs === null
        ? `the price of ${signal.ticker} has no tick time: not filled`
        : `the latest price of ${signal.ticker} is ${priceAgeMs} ms older than the signal; max price age is ${limits.maxPriceAgeMs} ms: not filled`,
    );
  }
  if (input.lastOrderAt !== null && signal.emittedAt - input.lastOrderAt < limits.coolDownMs) {
    return refuse(RISK_RULES.coolDown, `last order on ${signal.ticker} ${signal.emittedAt - input.lastOrderAt} ms before this signal; cool-down is ${limits.coolDownMs} ms`);
  }
  const notional = limits.orderNotional * (0.5 + 0.5 * Math.max(0, Math.min(1, signal.strength)));
  const qty = Math.floor(notional / price);
  if (qty < 1) return refuse(RISK_RULES.orderTooSmall, `order notional ${money(notional)} buys no whole share at ${price}`);
  const value = qty * price;
  if (value > limits.maxOrderValue) return refuse(RISK_RULES.maxOrderValue, `order value ${money(value)} exceeds the max order value ${money(limits.maxOrderValue)}`);
  const after = position.qty + (signal.direction === 'buy' ? qty : -qty);
  const positionValue = Math.abs(after) * price;
  if (positionValue > limits.maxPositionValue && Math.abs(after) > Math.abs(position.qty)) {
    return refuse(RISK_RULES.maxPosition, `position after the order ${after} × ${price} = ${money(positionValue)} would exceed the max position ${money(limits.maxPositionValue)} for ${signal.ticker}`);
  }
  if (input.dayPnl <= -limits.dailyLossLimit) {
    return refuse(RISK_RULES.dailyLossLimit, `today's P&L ${money(input.dayPnl)} has reached the daily loss limit −${money(limits.dailyLossLimit)}`);
  }
  return { accepted: true, side: signal.direction, qty, price, value: Math.round(value * 100) / 100 };
}

function refuse(rule: RiskRule, detail: string): RiskDecision {
  return { accepted: false, rule, detail };
}

function money(x: number): string {
  return x.toFixed(2);
}
