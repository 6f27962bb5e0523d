import { CanActivate, ExecutionContext, ForbiddenException, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { roleOfToken, type ApiRole } from '../http/api-tokens';
import { createLogger } from '../logging/logger';
import { PLATFORM_TOKENS } from './platform.tokens';
import { PUBLIC_METADATA, ROLES_METADATA } from './roles.decorator';

const audit = createLogger('audit.http');

/**
 * Bearer-token access control, fail-closed: a route marked @RequireRoles answers
 * 401 without a valid token and 403 when the token's role is not allowed; a route
 * marked @Public is open; a route with neither is refused (403) and logged as an
 * error, so a forgotten decorator can never publish a route. Every decision is
 * logged (who, what, allowed or not); tokens never are.
 */
@Injectable()
export class ApiAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(PLATFORM_TOKENS.apiTokens) private readonly tokens: ReadonlyMap<string, ApiRole>,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    const roles = this.reflector.getAllAndOverride<ApiRole[] | undefined>(ROLES_METADATA, targets);
    const request = context.switchToHttp().getRequest<Request & { role?: ApiRole }>();
    const header = request.headers.authorization ?? '';
    const match = /^Bearer\s+(.+)$/i.exec(header);
    const role = match ? roleOfToken(this.tokens, match[1]!.trim()) : null;
    const route = `${request.method} ${request.path}`;
    if (!roles) {
      if (this.reflector.getAllAndOverride<string | undefined>(PUBLIC_METADATA, targets) !== undefined) {
        if (role) request.role = role;
        return true;
      }
      audit.error('request refused: the route declares no roles and is not marked public', { route, handler: `${context.getClass().name}.${context.getHandler().name}` });
      throw new ForbiddenException(`${route} declares no access`);
    }
    if (!role) {
      audit.warn('request refused: no valid token', { route, ip: request.ip });
      throw new UnauthorizedException('a valid bearer token is required');
    }
    if (role !== 'admin' && !roles.includes(role)) {
      audit.warn('request refused: role not allowed', { route, role, allowed: roles });
      throw new ForbiddenException(`role ${role} may not ${route}`);
    }
    request.role = role;
    audit.info('request allowed', { route, role });
    return true;
  }
}
