import { Inject, Injectable, Optional } from '@nestjs/common';
import type { Request } from 'express';
import { roleOfToken, type ApiRole } from '../http/api-tokens';
import { PRINCIPAL_HEADER, verifyPrincipal } from '../http/delegated-principal';
import { cookieValue, SESSION_COOKIE, type Principal, type SessionLookup } from '../http/principal';
import { PLATFORM_TOKENS } from './platform.tokens';

/**
 * The one place a request's principal comes from: a bearer token (API_TOKENS);
 * behind the gateway, the principal it resolved, in a signed header (with
 * GATEWAY_PRINCIPAL_SECRET); or, when the identity module is mounted, a session
 * cookie. A bearer header wins, and a wrong bearer token is not rescued by
 * anything else.
 */
@Injectable()
export class PrincipalResolver {
  private sessions: SessionLookup | null = null;

  constructor(
    @Inject(PLATFORM_TOKENS.apiTokens) private readonly tokens: ReadonlyMap<string, ApiRole>,
    @Optional() @Inject(PLATFORM_TOKENS.gatewaySecret) private readonly gatewaySecret: string | null = null,
  ) {}

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
    const delegated = request.headers[PRINCIPAL_HEADER];
    if (typeof delegated === 'string' && this.gatewaySecret) return verifyPrincipal(delegated, this.gatewaySecret, Date.now());
    const session = cookieValue(request.headers.cookie, SESSION_COOKIE);
    if (session && this.sessions) return this.sessions.resolveSession(session);
    return null;
  }
}
