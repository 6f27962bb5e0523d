import { dispatchOptionsFromEnv } from './dispatch.config';

describe('dispatch configuration', () => {
  it('treats positions older than 15 minutes as stale by default, and takes DISPATCH_MAX_POSITION_AGE_MS in ms', () => {
    expect(dispatchOptionsFromEnv({}).maxPositionAgeMs).toBe(900_000);
    expect(dispatchOptionsFromEnv({ DISPATCH_MAX_POSITION_AGE_MS: '120000' }).maxPositionAgeMs).toBe(120_000);
  });

  it('refuses to start with a bad value, naming the variable', () => {
    expect(() => dispatchOptionsFromEnv({ DISPATCH_MAX_POSITION_AGE_MS: '-1' })).toThrow(/DISPATCH_MAX_POSITION_AGE_MS/);
  });
});
