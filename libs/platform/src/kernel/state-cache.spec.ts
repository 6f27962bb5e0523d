import { TransientError } from '../errors/tsunagu.error';
import { StateCache } from './state-cache';

describe('StateCache', () => {
  it('hands back a cached state only for the version it was written with, and only once', () => {
    const cache = new StateCache<{ n: number }>();
    cache.remember([{ id: 'a', state: { n: 1 }, version: 7 }]);
    expect(cache.versionsOf(['a', 'b'])).toEqual(new Map([['a', 7]]));
    const states = cache.take(new Map([['a', { version: 7, state: null }], ['b', { version: 3, state: { n: 9 } }]]));
    expect(states).toEqual(new Map([['a', { n: 1 }], ['b', { n: 9 }]]));
    // taken: a batch that fails before `remember` leaves nothing behind
    expect(cache.size).toBe(0);
  });

  it('prefers the stored state when the load sent one (another writer replaced the row)', () => {
    const cache = new StateCache<{ n: number }>();
    cache.remember([{ id: 'a', state: { n: 1 }, version: 7 }]);
    expect(cache.take(new Map([['a', { version: 8, state: { n: 2 } }]])).get('a')).toEqual({ n: 2 });
  });

  it('asks for the batch again when a left-out state is no longer cached', () => {
    const cache = new StateCache<{ n: number }>();
    expect(() => cache.take(new Map([['a', { version: 7, state: null }]]))).toThrow(TransientError);
  });

  it('starts over past its limit', () => {
    const cache = new StateCache<number>(2);
    cache.remember([{ id: 'a', state: 1, version: 1 }, { id: 'b', state: 2, version: 2 }]);
    cache.remember([{ id: 'c', state: 3, version: 3 }]);
    expect(cache.versionsOf(['a', 'b', 'c'])).toEqual(new Map([['c', 3]]));
  });
});
