import { loadConfig } from '@tsunagu/platform';
import { itReadsEnvNumbers } from '../../../test/support/env-cases';
import { tradingEnv, tradingOptionsFromEnv } from './trading.config';

describe('trading configuration', () => {
  itReadsEnvNumbers((env) => tradingOptionsFromEnv(loadConfig(tradingEnv, env)), 'refuses prices older than 5 minutes by default, and takes TRADING_MAX_PRICE_AGE_MS in ms', [
    { variable: 'TRADING_MAX_PRICE_AGE_MS', option: 'maxPriceAgeMs', byDefault: 300_000, takes: ['60000', 60_000], refuses: ['soon', '0'] },
  ]);
});
