/** The trading service's own PostgreSQL schema. */
export const TRADING_SCHEMA = 'trading' as const;

/** Injection token of the options object (the risk limits). */
export const TRADING_OPTIONS = 'tsunagu.trading.options' as const;

/** Consumer groups (the test bus prefixes them): market signals, and the price feed. */
export const TRADING_GROUPS = {
  signals: 'trading',
  prices: 'trading-prices',
} as const;

/** Fixed facts of paper trading: every order is simulated, and what the service does by itself is audited as it. */
export const TRADING = {
  /** every order is simulated: no broker is ever called */
  mode: 'paper',
  systemActor: 'system:trading',
} as const;

/** Carried by every REST response, so no reader mistakes a simulated fill for a real one. */
export const PAPER_LABEL = { mode: TRADING.mode, notice: 'PAPER TRADING ONLY: simulated orders and fills, no real money' } as const;
