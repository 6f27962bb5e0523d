import { SetMetadata } from '@nestjs/common';
import { API_ROLES, type ApiRole } from '../http/api-tokens';

export const ROLES_METADATA = 'tsunagu:roles';
export const PUBLIC_METADATA = 'tsunagu:public';

/** Roles allowed on a route or controller; `admin` is always allowed. */
export const RequireRoles = (...roles: ApiRole[]): MethodDecorator & ClassDecorator => SetMetadata(ROLES_METADATA, roles);

/** Any signed-in principal, whatever its role (e.g. reading one's own session, signing out). */
export const RequireSignedIn = (): MethodDecorator & ClassDecorator => RequireRoles(...API_ROLES);

/**
 * A route anyone may call, said out loud with the reason (the guard is fail-closed:
 * a route with neither @RequireRoles nor @Public is refused). A valid bearer token
 * on a public route still tells the handler who is calling (`request.role`).
 */
export const Public = (reason: string): MethodDecorator & ClassDecorator => SetMetadata(PUBLIC_METADATA, reason);
