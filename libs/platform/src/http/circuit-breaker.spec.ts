import { CircuitBreaker } from './circuit-breaker';

describe('CircuitBreaker', () => {
  it('opens after failures in a row, lets one trial through after the wait, closes on its success', () => {
    const b = new CircuitBreaker(2, 1000);
    b.failure(0);
    expect(b.allow(1)).toBe(true);
    b.failure(1);
    expect(b.allow(2)).toBe(false);
    expect(b.allow(1002)).toBe(true);
    expect(b.allow(1003)).toBe(false); // one trial at a time
    b.success();
    expect(b.allow(1004)).toBe(true);
  });

  it('opens again when the trial fails', () => {
    const b = new CircuitBreaker(1, 1000);
    b.failure(0);
    expect(b.allow(1001)).toBe(true);
    b.failure(1001);
    expect(b.allow(1500)).toBe(false);
  });
});
