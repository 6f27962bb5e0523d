import { canonicalJson, redactSecrets } from './audit-trail';

describe('audit trail helpers', () => {
  it('removes secrets at any depth and keeps the rest', () => {
    expect(redactSecrets({ username: 'a', password: 'p', nested: [{ apiToken: 't', note: 'n' }], current: 'c', next: 'n2' })).toEqual({
      username: 'a',
      password: '[redacted]',
      nested: [{ apiToken: '[redacted]', note: 'n' }],
      current: '[redacted]',
      next: '[redacted]',
    });
  });

  it('encodes a value the same whatever the order of its keys (jsonb reorders them)', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { f: null, e: 'x' }], c: true } })).toBe(canonicalJson({ a: { c: true, d: [2, { e: 'x', f: null }] }, b: 1 }));
    expect(canonicalJson({ a: undefined, b: 1 })).toBe('{"b":1}');
  });
});
