import { checkPreTradeRisk, RISK_RULES, type RiskInput } from './pre-trade-risk';
import { FLAT } from './position';

const base: RiskInput = {
  signal: { ticker: 'XYZ', direction: 'buy', strength: 1, emittedAt: 1_000_000 },
  limits: { orderNotional: 5000, maxOrderValue: 10_000, maxPositionValue: 8000, dailyLossLimit: 2000, coolDownMs: 60_000, maxPriceAgeMs: 120_000 },
  killSwitchEngaged: false,
  price: 100,
  priceTs: 1_000_000 - 10_000,
  position: FLAT,
  lastOrderAt: null,
  dayPnl: 0,
};

describe('checkPreTradeRisk', () => {
  it('sizes an order from the notional and the signal strength', () => {
    expect(checkPreTradeRisk(base)).toEqual({ accepted: true, side: 'buy', qty: 50, price: 100, value: 5000 });
    expect(checkPreTradeRisk({ ...base, signal: { ...base.signal, strength: 0 } })).toMatchObject({ accepted: true, qty: 25 });
  });

  it.each([
    [RISK_RULES.killSwitch, { killSwitchEngaged: true }],
    [RISK_RULES.noPrice, { price: null, priceTs: null }],
    [RISK_RULES.stalePrice, { priceTs: 1_000_000 - 120_001 }],
    [RISK_RULES.stalePrice, { priceTs: null }],
    [RISK_RULES.coolDown, { lastOrderAt: 1_000_000 - 30_000 }],
    [RISK_RULES.orderTooSmall, { price: 20_000 }],
    [RISK_RULES.maxOrderValue, { limits: { ...base.limits, orderNotional: 20_000, maxPositionValue: 1e9 } }],
    [RISK_RULES.maxPosition, { position: { qty: 40, avgCost: 100, realisedPnl: 0 } }],
    [RISK_RULES.dailyLossLimit, { dayPnl: -2500 }],
  ] as const)('refuses with %s', (rule, override) => {
    expect(checkPreTradeRisk({ ...base, ...override } as RiskInput)).toMatchObject({ accepted: false, rule });
  });

  it('lets an order that reduces a position through even above the max position', () => {
    const decision = checkPreTradeRisk({ ...base, signal: { ...base.signal, direction: 'sell' }, position: { qty: 200, avgCost: 100, realisedPnl: 0 } });
    expect(decision).toMatchObject({ accepted: true, side: 'sell', qty: 50 });
  });

  it('refuses a stale price by its age at the signal time, and accepts one exactly at the limit or newer than the signal', () => {
    const stale = checkPreTradeRisk({ ...base, priceTs: 1_000_000 - 5 * 60_000 });
    expect(stale).toMatchObject({ accepted: false, rule: 'stale-price' });
    expect(stale.accepted === false && stale.detail).toMatch(/300000 ms older than the signal; max price age is 120000 ms/);
    expect(checkPreTradeRisk({ ...base, priceTs: 1_000_000 - 120_000 })).toMatchObject({ accepted: true });
    expect(checkPreTradeRisk({ ...base, priceTs: 1_000_000 + 30_000 })).toMatchObject({ accepted: true });
  });

  it('names the kill switch and a missing price before a stale one', () => {
    expect(checkPreTradeRisk({ ...base, killSwitchEngaged: true, priceTs: 0 })).toMatchObject({ rule: 'kill-switch' });
    expect(checkPreTradeRisk({ ...base, price: null, priceTs: null })).toMatchObject({ rule: 'no-price' });
  });

  it('accepts once the cool-down has passed', () => {
    expect(checkPreTradeRisk({ ...base, lastOrderAt: 1_000_000 - 60_000 })).toMatchObject({ accepted: true });
  });
});
