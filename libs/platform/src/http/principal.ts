import type { ApiRole } from './api-tokens';

/**
 * Who makes a request: a machine with an API token (a service account named after
 * its role) or an operator signed in with a session cookie.
 */
export interface Principal {
  readonly kind: 'token' | 'session';
  /** `token:<role>` for an API token, the user name for a session */
  readonly name: string;
  readonly roles: readonly ApiRole[];
  /** session only: the value a state-changing request must echo in `x-csrf-token` */
  readonly csrfToken?: string;
}

/** Resolves a session cookie's value to its signed-in operator (null: unknown, expired or revoked). */
export interface SessionLookup {
  resolveSession(sessionToken: string): Promise<Principal | null>;
}

/** The session cookie's name and the CSRF header of the browser console. */
export const SESSION_COOKIE = 'tsunagu_session' as const;
export const CSRF_HEADER = 'x-csrf-token' as const;

/** Methods that change nothing: no CSRF token is asked for them. */
export const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);

/** One cookie's value from a `Cookie` header (no parser dependency: the console sets one cookie). */
export function cookieValue(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === name) return decodeURIComponent(part.slice(at + 1).trim());
  }
  return null;
}
