import { applyFill, FLAT, unrealisedPnl } from './position';

describe('applyFill', () => {
  it('averages the cost of additions and realises P&L on reductions', () => {
    let p = applyFill(FLAT, 'buy', 10, 100).position;
    p = applyFill(p, 'buy', 10, 110).position;
    expect(p).toEqual({ qty: 20, avgCost: 105, realisedPnl: 0 });
    const sold = applyFill(p, 'sell', 5, 120);
    expect(sold.realised).toBe(75);
    expect(sold.position).toEqual({ qty: 15, avgCost: 105, realisedPnl: 75 });
    expect(unrealisedPnl(sold.position, 100)).toBe(-75);
  });

  it('goes short and flips through zero at the fill price', () => {
    const short = applyFill(FLAT, 'sell', 10, 50).position;
    expect(short).toEqual({ qty: -10, avgCost: 50, realisedPnl: 0 });
    const flipped = applyFill(short, 'buy', 15, 40);
    expect(flipped.realised).toBe(100);
    expect(flipped.position).toEqual({ qty: 5, avgCost: 40, realisedPnl: 100 });
  });

  it('refuses a fill at zero', () => {
    expect(() => applyFill(FLAT, 'buy', 1, 0)).toThrow(RangeError);
  });
});
