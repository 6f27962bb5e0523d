/**
 * Position arithmetic of paper trading: average cost, long or short, realised
 * P&L on the part of a fill that reduces the position.
 */
export interface Position {
  /** signed: > 0 long, < 0 short, shares */
  readonly qty: number;
  /** average entry price of the open quantity */
  readonly avgCost: number;
  /** realised P&L so far, currency */
  readonly realisedPnl: number;
}

export type OrderSide = 'buy' | 'sell';

export const FLAT: Position = { qty: 0, avgCost: 0, realisedPnl: 0 };

export function applyFill(position: Position, side: OrderSide, qty: number, price: number): { position: Position; realised: number } {
  if (!(qty > 0) || !(price > 0)) throw new RangeError(`a fill needs qty > 0 and price > 0 (got ${qty} @ ${price})`);
  const signed = side === 'buy' ? qty : -qty;
  const before = position.qty;
  const after = before + signed;
  // the part of the fill that closes existing exposure realises P&L against the average cost
  const closing = Math.sign(before) !== 0 && Math.sign(signed) !== Math.sign(before) ? Math.min(Math.abs(signed), Math.abs(before)) : 0;
  const realised = closing * (price - position.avgCost) * Math.sign(before);
  let avgCost: number;
  if (after === 0) avgCost = 0;
  else if (Math.sign(after) !== Math.sign(before)) avgCost = price; // flipped: the rest opens at the fill price
  else if (Math.abs(after) > Math.abs(before)) avgCost = (Math.abs(before) * position.avgCost + Math.abs(signed) * price) / Math.abs(after);
  else avgCost = position.avgCost;
  return { position: { qty: after, avgCost: round(avgCost), realisedPnl: round(position.realisedPnl + realised) }, realised: round(realised) };
}

export function unrealisedPnl(position: Position, lastPrice: number | null): number {
  if (lastPrice === null || position.qty === 0) return 0;
  return round(position.qty * (lastPrice - position.avgCost));
}

function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
