import { loadConfig } from '@tsunagu/platform';
import { tradingEnv, tradingOptionsFromEnv } from './trading.config';

const fromEnv = (env: Record<string, string>) => tradingOptionsFromEnv(loadConfig(tradingEnv, env));

describe('trading configuration', () => {
  it('refuses prices older than 5 minutes by default, and takes TRADING_MAX_PRICE_AGE_MS in ms', () => {
    expect(fromEnv({}).maxPriceAgeMs).toBe(300_000);
    expect(fromEnv({ TRADING_MAX_PRICE_AGE_MS: '60000' }).maxPriceAgeMs).toBe(60_000);
  });

  it('refuses to start with a bad value, naming the variable', () => {
    expect(() => fromEnv({ TRADING_MAX_PRICE_AGE_MS: 'soon' })).toThrow(/TRADING_MAX_PRICE_AGE_MS/);
    expect(() => fromEnv({ TRADING_MAX_PRICE_AGE_MS: '0' })).toThrow(/TRADING_MAX_PRICE_AGE_MS/);
  });
});
