import { randomBytes } from 'node:crypto';
import { hashSecret } from '@tsunagu/platform';
import { DeviceSecretsService } from './device-secrets.service';

describe('DeviceSecretsService', () => {
  const key = randomBytes(32);
  const secrets = new DeviceSecretsService({ mqttPort: 0, deviceSecretKey: key });

  it('issues a 256-bit secret and its keyed hash, which verifies it and nothing else', async () => {
    const { password, secretHash } = secrets.issue();
    expect(Buffer.from(password, 'base64url')).toHaveLength(32);
    expect(secretHash).toMatch(/^hmac-sha256\$[\w-]{11}\$[\w-]{43}$/);
    expect(secretHash).not.toContain(password);
    expect(await secrets.verify(password, secretHash)).toEqual({ ok: true });
    expect(await secrets.verify(`${password}x`, secretHash)).toEqual({ ok: false });
    expect(await secrets.verify(secrets.issue().password, secretHash)).toEqual({ ok: false });
  });

  it('gives the same hash under the same key (another instance, a restart) and none that verifies under another', async () => {
    const { password, secretHash } = secrets.issue();
    expect(await new DeviceSecretsService({ mqttPort: 0, deviceSecretKey: Buffer.from(key) }).verify(password, secretHash)).toEqual({ ok: true });
    const otherKey = new DeviceSecretsService({ mqttPort: 0, deviceSecretKey: randomBytes(32) });
    expect(await otherKey.verify(password, secretHash)).toEqual({ ok: false });
    expect(otherKey.isOtherKey(secretHash)).toBe(true);
    expect(secrets.isOtherKey(secretHash)).toBe(false);
  });

  it('accepts a stored scrypt hash of the secret and hands back its keyed hash; a wrong secret gets neither', async () => {
    const { password } = secrets.issue();
    const legacy = await hashSecret(password);
    const check = await secrets.verify(password, legacy);
    expect(check.ok).toBe(true);
    expect(check.rehash).toMatch(/^hmac-sha256\$/);
    expect(await secrets.verify(password, check.rehash!)).toEqual({ ok: true });
    expect(await secrets.verify('not-the-secret', legacy)).toEqual({ ok: false });
  });

  it('never matches an unknown device, a malformed hash or a key that is too short', async () => {
    const { password, secretHash } = secrets.issue();
    expect(await secrets.verify(password, undefined)).toEqual({ ok: false });
    expect(await secrets.verify(password, `${secretHash}$extra`)).toEqual({ ok: false });
    expect(await secrets.verify(password, secretHash.slice(0, -2))).toEqual({ ok: false });
    expect(await secrets.verify(password, 'hmac-sha256$$')).toEqual({ ok: false });
    expect(await secrets.verify(password, '')).toEqual({ ok: false });
    expect(() => new DeviceSecretsService({ mqttPort: 0, deviceSecretKey: randomBytes(16) })).toThrow(RangeError);
  });
});
