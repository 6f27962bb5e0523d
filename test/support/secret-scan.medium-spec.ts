import { randomBytes } from 'node:crypto';
import { createLogger } from '@tsunagu/platform';
import { rememberSecret, rememberSecretsIn, takeSecretLeaks } from './secret-scan';

describe('the suite-wide scan for secrets in log lines', () => {
  const log = createLogger('secret-scan-test');

  it('finds a remembered secret in a line of any level, even one the run does not print, and masks it', () => {
    const secret = randomBytes(32).toString('base64url');
    rememberSecret(secret);
    log.debug('device provisioned', { note: `the secret is ${secret}` });
    const leaks = takeSecretLeaks();
    expect(leaks).toHaveLength(1);
    expect(leaks[0]).not.toContain(secret);
    expect(leaks[0]).toContain('device provisioned');
  });

  it('remembers strings under secret-looking keys of a body, at any depth', () => {
    const password = `pw-${randomBytes(8).toString('hex')}`;
    rememberSecretsIn({ items: [{ deviceId: 'exc-1', credentials: { password } }] });
    log.warn(`login refused for ${password}`);
    expect(takeSecretLeaks()).toHaveLength(1);
  });

  it('leaves lines without secrets alone (redacted fields do not count)', () => {
    const token = randomBytes(16).toString('hex');
    rememberSecret(token);
    log.info('token checked', { token });
    expect(takeSecretLeaks()).toEqual([]);
  });
});
