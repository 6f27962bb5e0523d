import { DeviceRateLimiter } from './device-rate.limiter';

describe('DeviceRateLimiter', () => {
  it('lets a burst through, then the refill rate, per device', () => {
    const limiter = new DeviceRateLimiter(2, 5, 0);
    const taken = Array.from({ length: 8 }, () => limiter.takePublish('a', 0)).filter(Boolean).length;
    expect(taken).toBe(5);
    // another device has its own bucket
    expect(limiter.takePublish('b', 0)).toBe(true);
    // 2 per second refill: after 1.5 s, three more
    expect(Array.from({ length: 5 }, () => limiter.takePublish('a', 1500)).filter(Boolean).length).toBe(3);
  });

  it('counts successful connects per device within a minute', () => {
    const limiter = new DeviceRateLimiter(0, 0, 3);
    expect([0, 1, 2, 3].map((t) => limiter.allowConnect('a', t * 1000))).toEqual([true, true, true, false]);
    expect(limiter.allowConnect('b', 3000)).toBe(true);
    expect(limiter.allowConnect('a', 61_000)).toBe(true);
  });

  it('0 turns a limit off', () => {
    const limiter = new DeviceRateLimiter(0, 0, 0);
    expect(Array.from({ length: 1000 }, () => limiter.takePublish('a', 0) && limiter.allowConnect('a', 0)).every(Boolean)).toBe(true);
  });
});
