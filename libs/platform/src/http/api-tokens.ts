import { createHash, timingSafeEqual } from 'node:crypto';

export const API_ROLES = ['admin', 'operator', 'maintenance', 'callcentre', 'trading', 'dispatch', 'publisher', 'monitor'] as const;
export type ApiRole = (typeof API_ROLES)[number];

/** Parses `role:token,role:token`. Tokens shorter than 16 characters are refused. */
export function parseApiTokens(spec: string): Map<string, ApiRole> {
  const tokens = new Map<string, ApiRole>();
  for (const pair of spec.split(',').map((s) => s.trim()).filter(Boolean)) {
    const at = pair.indexOf(':');
    const role = pair.slice(0, at) as ApiRole;
    const token = pair.slice(at + 1);
    if (at <= 0 || !API_ROLES.includes(role)) throw new RangeError(`API_TOKENS: unknown role in entry ${at > 0 ? pair.slice(0, at) : '(none)'}`);
    if (token.length < 16) throw new RangeError(`API_TOKENS: the ${role} token is shorter than 16 characters`);
    tokens.set(digest(token), role);
  }
  return tokens;
}

function digest(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Looks a bearer token up in constant time (compares digests). */
export function roleOfToken(tokens: ReadonlyMap<string, ApiRole>, token: string): ApiRole | null {
  const wanted = Buffer.from(digest(token), 'hex');
  let found: ApiRole | null = null;
  for (const [hash, role] of tokens) {
    if (timingSafeEqual(Buffer.from(hash, 'hex'), wanted)) found = role;
  }
  return found;
}
