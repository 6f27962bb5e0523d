import { parseProxyHeader, plainAddress } from './proxy-protocol';

describe('PROXY protocol v1 header', () => {
  it('reads the client address and port of TCP4 and TCP6 lines', () => {
    expect(parseProxyHeader('PROXY TCP4 198.51.100.7 10.0.0.1 51000 8883')).toEqual({ address: '198.51.100.7', port: 51000 });
    expect(parseProxyHeader('PROXY TCP6 2001:db8::7 2001:db8::1 51000 8883')).toEqual({ address: '2001:db8::7', port: 51000 });
    expect(parseProxyHeader('PROXY UNKNOWN')).toBe('unknown');
  });

  it('refuses anything else', () => {
    for (const line of ['PROXY TCP4 2001:db8::7 10.0.0.1 1 2', 'PROXY TCP4 1.2.3.4 5.6.7.8 99999 1', 'PROXY TCP4 1.2.3.4', 'GET / HTTP/1.1', 'PROXY UDP4 1.2.3.4 5.6.7.8 1 2']) {
      expect(parseProxyHeader(line)).toBeNull();
    }
  });

  it('compares IPv4-mapped addresses as IPv4', () => {
    expect(plainAddress('::ffff:10.0.0.5')).toBe('10.0.0.5');
    expect(plainAddress('2001:db8::1')).toBe('2001:db8::1');
  });
});
