/** Fixed names of the trading service: its schema, consumer groups, the paper-trading label. */
export const TRADING = {
  serviceName: 'trading',
  schema: 'trading',
  signalsGroup: 'trading',
  pricesGroup: 'trading-prices',
  /** every order is simulated: no broker is ever called */
  mode: 'paper',
  systemActor: 'system:trading',
} as const;

/** Carried by every REST response, so no reader mistakes a simulated fill for a real one. */
export const PAPER_LABEL = { mode: TRADING.mode, notice: 'PAPER TRADING ONLY: simulated orders and fills, no real money' } as const;

export const TRADING_TOKENS = {
  options: 'trading.options',
  dataSource: 'trading.data-source',
  clock: 'trading.clock',
} as const;

export interface Clock {
  now(): number;
}

export const SYSTEM_CLOCK: Clock = { now: () => Date.now() };
