import { SetMetadata } from '@nestjs/common';
import { API_ROLES, type ApiRole } from '../http/api-tokens';

export const ROLES_METADATA = 'tsunagu:roles';

/** Roles allowed on a route or controller; `admin` is always allowed. */
export const RequireRoles = (...roles: ApiRole[]): MethodDecorator & ClassDecorator => SetMetadata(ROLES_METADATA, roles);

/** Any signed-in principal, whatever its role (e.g. reading one's own session, signing out). */
export const RequireSignedIn = (): MethodDecorator & ClassDecorator => RequireRoles(...API_ROLES);
