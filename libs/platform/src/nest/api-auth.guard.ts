import { CanActivate, ExecutionContext, ForbiddenException, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { roleOfToken, type ApiRole } from '../http/api-tokens';
import { createLogger } from '../logging/logger';
import { PLATFORM_TOKENS } from './platform.tokens';
import { ROLES_METADATA } from './roles.decorator';

const audit = createLogger('audit.http');

/**
 * Bearer-token access control for routes marked with @RequireRoles: 401 without a
 * valid token, 403 when the token's role is not allowed. Every decision is logged
 * (who, what, allowed or not); tokens never are.
 */
@Injectable()
export class ApiAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(PLATFORM_TOKENS.apiTokens) private readonly tokens: ReadonlyMap<string, ApiRole>,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const roles = this.reflector.getAllAndOverride<ApiRole[] | undefined>(ROLES_METADATA, [context.getHandler(), context.getClass()]);
    if (!roles) return true;
    const request = context.switchToHttp().getRequest<Request & { role?: ApiRole }>();
    const header = request.headers.authorization ?? '';
    const match = /^Bearer\s+(.+)$/i.exec(header);
    const role = match ? roleOfToken(this.tokens, match[1]!.trim()) : null;
    const route = `${request.method} ${request.path}`;
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
