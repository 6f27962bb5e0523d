import { tradingOptionsFromEnv } from './trading.config';

describe('trading configuration', () => {
  it('refuses prices older than 5 minutes by default, and takes TRADING_MAX_PRICE_AGE_MS in ms', () => {
    expect(tradingOptionsFromEnv({}).maxPriceAgeMs).toBe(300_000);
    expect(tradingOptionsFromEnv({ TRADING_MAX_PRICE_AGE_MS: '60000' }).maxPriceAgeMs).toBe(60_000);
  });

  it('refuses to start with a bad value, naming the variable', () => {
    expect(() => tradingOptionsFromEnv({ TRADING_MAX_PRICE_AGE_MS: 'soon' })).toThrow(/TRADING_MAX_PRICE_AGE_MS/);
    expect(() => tradingOptionsFromEnv({ TRADING_MAX_PRICE_AGE_MS: '0' })).toThrow(/TRADING_MAX_PRICE_AGE_MS/);
  });
});
