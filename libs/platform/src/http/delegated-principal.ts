import { createHmac, timingSafeEqual } from 'node:crypto';
import { API_ROLES, type ApiRole } from './api-tokens';
import type { Principal } from './principal';

/**
 * The header the gateway sends a service the principal it resolved (an operator's
 * session) in: `base64url(JSON).base64url(HMAC-SHA256)`, keyed with
 * GATEWAY_PRINCIPAL_SECRET, which only the gateway and the services know. It
 * expires quickly (a captured header is not a session). The gateway removes any
 * such header a client sends.
 */
export const PRINCIPAL_HEADER = 'x-tsunagu-principal' as const;

/** Seconds a delegated principal is good for after the gateway signed it. */
export const DELEGATION_TTL_MS = 60_000;

interface Claims {
  readonly kind: Principal['kind'];
  readonly name: string;
  readonly roles: readonly ApiRole[];
  readonly csrfToken?: string;
  /** epoch ms after which the header is refused */
  readonly exp: number;
}

const mac = (payload: string, secret: string): string => createHmac('sha256', secret).update(payload).digest('base64url');

export function signPrincipal(principal: Principal, secret: string, now: number): string {
  const claims: Claims = { kind: principal.kind, name: principal.name, roles: principal.roles, csrfToken: principal.csrfToken, exp: now + DELEGATION_TTL_MS };
  const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
  return `${payload}.${mac(payload, secret)}`;
}

/** The principal a header carries, or null when it is forged, malformed or expired. */
export function verifyPrincipal(header: string, secret: string, now: number): Principal | null {
  const [payload, signature] = header.split('.');
  if (!payload || !signature) return null;
  const expected = Buffer.from(mac(payload, secret));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Claims;
    if (typeof claims.exp !== 'number' || claims.exp < now) return null;
    if (!Array.isArray(claims.roles) || !claims.roles.every((r) => API_ROLES.includes(r))) return null;
    return { kind: claims.kind === 'token' ? 'token' : 'session', name: String(claims.name), roles: claims.roles, ...(claims.csrfToken ? { csrfToken: claims.csrfToken } : {}) };
  } catch {
    return null;
  }
}
