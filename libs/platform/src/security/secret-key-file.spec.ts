import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../errors/tsunagu.error';
import { setLogLevel } from '../logging/logger';
import { serverKeyOf } from './secret-key-file';

setLogLevel('silent');

describe('serverKeyOf', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'server-key-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const key = (value: string | undefined, profile: 'development' | 'production' = 'development') =>
    serverKeyOf({ variable: 'TEST_KEY', value, profile, dataDir: join(dir, 'data'), fileName: 'test-key' });

  it('takes the variable when it is set', () => {
    expect(key('a-key-from-the-secret-store-of-32-chars').toString()).toBe('a-key-from-the-secret-store-of-32-chars');
  });

  it('outside production generates a key into DATA_DIR once (mode 0600) and reads it on every later start', () => {
    const first = key(undefined);
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(statSync(join(dir, 'data', 'test-key')).mode & 0o777).toBe(0o600);
    expect(key(undefined).equals(first)).toBe(true);
  });

  it('in production requires the variable, naming it', () => {
    expect(() => key(undefined, 'production')).toThrow(ConfigError);
    expect(() => key(undefined, 'production')).toThrow('TEST_KEY');
  });
});
