import { signPrincipal, verifyPrincipal } from './delegated-principal';

describe('delegated principal (gateway → service)', () => {
  const principal = { kind: 'session' as const, name: 'kenji', roles: ['maintenance' as const], csrfToken: 'c'.repeat(32) };
  const secret = 's'.repeat(32);

  it('carries the principal, signed, for a minute', () => {
    const header = signPrincipal(principal, secret, 1000);
    expect(verifyPrincipal(header, secret, 1000)).toEqual(principal);
    expect(verifyPrincipal(header, secret, 61_001)).toBeNull();
  });

  it('refuses another key, an edited payload and garbage', () => {
    const header = signPrincipal(principal, secret, 1000);
    expect(verifyPrincipal(header, 't'.repeat(32), 1000)).toBeNull();
    const [payload, sig] = header.split('.');
    const edited = Buffer.from(Buffer.from(payload!, 'base64url').toString().replace('maintenance', 'admin')).toString('base64url');
    expect(verifyPrincipal(`${edited}.${sig}`, secret, 1000)).toBeNull();
    expect(verifyPrincipal('nonsense', secret, 1000)).toBeNull();
  });
});
