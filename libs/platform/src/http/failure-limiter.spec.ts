import { AuthFailureLimiter, hostOf } from './failure-limiter';

describe('AuthFailureLimiter', () => {
  it('blocks an address after too many failures in the window, then lets it try again', () => {
    const limiter = new AuthFailureLimiter(3, 60_000, 30_000);
    expect(limiter.recordFailure('10.0.0.1', 0)).toBe(false);
    expect(limiter.recordFailure('10.0.0.1', 1000)).toBe(false);
    expect(limiter.recordFailure('10.0.0.1', 2000)).toBe(true);
    expect(limiter.isBlocked('10.0.0.1', 2001)).toBe(true);
    expect(limiter.isBlocked('10.0.0.2', 2001)).toBe(false);
    expect(limiter.isBlocked('10.0.0.1', 32_001)).toBe(false);
  });

  it('forgets failures older than the window and after a success', () => {
    const limiter = new AuthFailureLimiter(3, 10_000, 30_000);
    limiter.recordFailure('a', 0);
    limiter.recordFailure('a', 1000);
    expect(limiter.recordFailure('a', 20_000)).toBe(false);
    limiter.recordFailure('b', 0);
    limiter.recordFailure('b', 1);
    limiter.recordSuccess('b');
    expect(limiter.recordFailure('b', 2)).toBe(false);
  });

  it('is off with a limit of 0', () => {
    const limiter = new AuthFailureLimiter(0, 60_000, 30_000);
    for (let i = 0; i < 100; i++) expect(limiter.recordFailure('x', i)).toBe(false);
    expect(limiter.isBlocked('x', 100)).toBe(false);
  });

  it('takes the address out of host:port, IPv6 included', () => {
    expect(hostOf('127.0.0.1:5555')).toBe('127.0.0.1');
    expect(hostOf('::ffff:127.0.0.1:5555')).toBe('::ffff:127.0.0.1');
  });
});
