import { Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { roleOfToken, type ApiRole } from '../http/api-tokens';
import { cookieValue, SESSION_COOKIE, type Principal, type SessionLookup } from '../http/principal';
import { PLATFORM_TOKENS } from './platform.tokens';

/**
 * The one place a request's principal comes from: a bearer token (API_TOKENS) or,
 * when the identity module is mounted, a session cookie. A bearer header wins
 * when both are sent, and a wrong bearer token is not rescued by a cookie.
 */
@Injectable()
export class PrincipalResolver {
  private sessions: SessionLookup | null = null;

  constructor(@Inject(PLATFORM_TOKENS.apiTokens) private readonly tokens: ReadonlyMap<string, ApiRole>) {}

  /** Called by the identity module at start: from then on session cookies are accepted. */
  useSessions(lookup: SessionLookup): void {
    this.sessions = lookup;
  }

  async resolve(request: Pick<Request, 'headers'>): Promise<Principal | null> {
    const header = request.headers.authorization;
    if (header !== undefined) {
      const match = /^Bearer\s+(.+)$/i.exec(header);
      const role = match ? roleOfToken(this.tokens, match[1]!.trim()) : null;
      return role ? { kind: 'token', name: `token:${role}`, roles: [role] } : null;
    }
    const session = cookieValue(request.headers.cookie, SESSION_COOKIE);
    if (session && this.sessions) return this.sessions.resolveSession(session);
    return null;
  }
}
