import { mergeReported, stateDelta } from './state-delta';

describe('device state delta', () => {
  it('names the desired keys the device has not reported, whatever the key order of nested values', () => {
    expect(stateDelta({ intervalMs: 500, mode: 'eco', limits: { a: 1, b: 2 } }, { intervalMs: 1000, limits: { b: 2, a: 1 } })).toEqual({ intervalMs: 500, mode: 'eco' });
    expect(stateDelta({ intervalMs: 500 }, { intervalMs: 500, firmware: '1.2' })).toEqual({});
  });

  it('merges a partial report; null removes a key', () => {
    expect(mergeReported({ intervalMs: 1000, mode: 'eco' }, { intervalMs: 500, mode: null })).toEqual({ intervalMs: 500 });
  });
});
