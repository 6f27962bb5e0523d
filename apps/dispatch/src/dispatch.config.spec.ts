import { loadConfig } from '@tsunagu/platform';
import { dispatchEnv, dispatchOptionsFromEnv } from './dispatch.config';

const optionsOf = (env: Record<string, string>) => dispatchOptionsFromEnv(loadConfig(dispatchEnv, env));

describe('dispatch configuration', () => {
  it('treats positions older than 15 minutes as stale by default, and takes DISPATCH_MAX_POSITION_AGE_MS in ms', () => {
    expect(optionsOf({}).maxPositionAgeMs).toBe(900_000);
    expect(optionsOf({ DISPATCH_MAX_POSITION_AGE_MS: '120000' }).maxPositionAgeMs).toBe(120_000);
  });

  it('refuses to start with a bad value, naming the variable', () => {
    expect(() => optionsOf({ DISPATCH_MAX_POSITION_AGE_MS: '-1' })).toThrow(/DISPATCH_MAX_POSITION_AGE_MS/);
  });
});
