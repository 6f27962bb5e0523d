import { SetMetadata } from '@nestjs/common';
import type { ApiRole } from '../http/api-tokens';

export const ROLES_METADATA = 'tsunagu:roles';

/** Roles allowed on a route or controller; `admin` is always allowed. */
export const RequireRoles = (...roles: ApiRole[]): MethodDecorator & ClassDecorator => SetMetadata(ROLES_METADATA, roles);
