import { checkLoadTarget, isLoopbackHost } from './load-target';
import { LatencyRecorder } from './latency-recorder';

describe('load target', () => {
  it('accepts loopback addresses only, unless remote targets are allowed', () => {
    expect(isLoopbackHost('127.0.0.1')).toBe(true);
    expect(isLoopbackHost('localhost')).toBe(true);
    expect(isLoopbackHost('[::1]')).toBe(true);
    expect(isLoopbackHost('10.0.0.5')).toBe(false);
    expect(isLoopbackHost('127.example.com')).toBe(false);
    expect(() => checkLoadTarget('mqtt://broker.example.com:1883', false)).toThrow(/not a loopback address.*--allow-remote/);
    expect(checkLoadTarget('mqtt://broker.example.com:1883', true).hostname).toBe('broker.example.com');
    expect(() => checkLoadTarget('http://127.0.0.1:1883', false)).toThrow(/mqtt/);
  });
});

describe('LatencyRecorder', () => {
  it('gives nearest-rank percentiles', () => {
    const r = new LatencyRecorder();
    for (let i = 1; i <= 100; i++) r.record(i);
    expect(r.percentile(50)).toBe(50);
    expect(r.percentile(99)).toBe(99);
    expect(r.max).toBe(100);
  });

  it('keeps a bounded reservoir', () => {
    const r = new LatencyRecorder(10, () => 0.999);
    for (let i = 0; i < 1000; i++) r.record(i);
    expect(r.count).toBe(1000);
    expect(r.percentile(100)).toBeLessThan(10);
    expect(r.max).toBe(999);
  });
});
