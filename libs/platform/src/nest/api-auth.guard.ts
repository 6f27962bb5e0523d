import { CanActivate, ExecutionContext, ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';
import type { ApiRole } from '../http/api-tokens';
import { CSRF_HEADER, SAFE_METHODS, type Principal } from '../http/principal';
import { createLogger } from '../logging/logger';
import { PrincipalResolver } from './principal-resolver';
import { PUBLIC_METADATA, ROLES_METADATA } from './roles.decorator';

const audit = createLogger('audit.http');

/** What the guard leaves on an allowed request for controllers. */
export interface AuthenticatedRequest extends Request {
  principal?: Principal;
  /** the principal's role that allowed this route (`admin` when it was admin) */
  role?: ApiRole;
}

/** Who made a change, for histories: a signed-in operator by name, a token by its role (`api:maintenance`). */
export function actorOf(req: AuthenticatedRequest): string {
  return req.principal?.kind === 'session' ? req.principal.name : `api:${req.role ?? 'unknown'}`;
}

/**
 * Access control, fail-closed: a route marked @RequireRoles answers 401 without a
 * valid bearer token or session, 403 when none of the principal's roles is allowed,
 * 403 when a session's state-changing request lacks its CSRF token; a route marked
 * @Public is open; a route with neither is refused (403) and logged as an error, so
 * a forgotten decorator can never publish a route. On a session request the actor
 * of the change is the signed-in user: a `by` in the body is replaced with the
 * user's name, so the history says who really acted. Every decision is logged
 * (who, what, allowed or not); tokens and cookies never are.
 */
@Injectable()
export class ApiAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly principals: PrincipalResolver,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    const roles = this.reflector.getAllAndOverride<ApiRole[] | undefined>(ROLES_METADATA, targets);
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const route = `${request.method} ${request.path}`;
    if (!roles) {
      if (this.reflector.getAllAndOverride<string | undefined>(PUBLIC_METADATA, targets) !== undefined) {
        // a public route still tells the handler who is calling, when someone is
        const principal = await this.principals.resolve(request);
        if (principal) {
          request.principal = principal;
          request.role = principal.roles.includes('admin') ? 'admin' : principal.roles[0];
        }
        return true;
      }
      audit.error('request refused: the route declares no roles and is not marked public', { route, handler: `${context.getClass().name}.${context.getHandler().name}` });
      throw new ForbiddenException(`${route} declares no access`);
    }
    const principal = await this.principals.resolve(request);
    if (!principal) {
      audit.warn('request refused: no valid token or session', { route, ip: request.ip });
      throw new UnauthorizedException('a valid bearer token or session is required');
    }
    const role = principal.roles.includes('admin') ? 'admin' : principal.roles.find((r) => roles.includes(r));
    if (!role) {
      audit.warn('request refused: role not allowed', { route, principal: principal.name, roles: principal.roles, allowed: roles });
      throw new ForbiddenException(`${principal.roles.join(', ')} may not ${route}`);
    }
    if (principal.kind === 'session' && !SAFE_METHODS.has(request.method)) {
      if (!csrfMatches(request.headers[CSRF_HEADER], principal.csrfToken)) {
        audit.warn('request refused: CSRF token missing or wrong', { route, principal: principal.name, ip: request.ip });
        throw new ForbiddenException('CSRF token missing or wrong');
      }
      if (request.body && typeof request.body === 'object' && 'by' in request.body) (request.body as { by: unknown }).by = principal.name;
    }
    request.principal = principal;
    request.role = role;
    audit.info('request allowed', { route, principal: principal.name, role });
    return true;
  }
}

function csrfMatches(sent: string | string[] | undefined, expected: string | undefined): boolean {
  if (typeof sent !== 'string' || !expected) return false;
  const a = Buffer.from(sent);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
