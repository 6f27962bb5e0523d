import { parseApiTokens, roleOfToken } from './api-tokens';

describe('API tokens', () => {
  it('maps tokens to roles', () => {
    const tokens = parseApiTokens('admin:aaaaaaaaaaaaaaaaaaaa, trading:bbbbbbbbbbbbbbbbbbbb');
    expect(roleOfToken(tokens, 'aaaaaaaaaaaaaaaaaaaa')).toBe('admin');
    expect(roleOfToken(tokens, 'bbbbbbbbbbbbbbbbbbbb')).toBe('trading');
    expect(roleOfToken(tokens, 'nope')).toBeNull();
  });

  it('refuses unknown roles and short tokens, naming the problem but not the token', () => {
    expect(() => parseApiTokens('root:aaaaaaaaaaaaaaaaaaaa')).toThrow('unknown role in entry root');
    expect(() => parseApiTokens('admin:short')).toThrow('the admin token is shorter than 16 characters');
    expect(() => parseApiTokens('admin:short')).not.toThrow(/short$/);
  });
});
