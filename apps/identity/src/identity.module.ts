import { serviceModuleClass, serviceOptions, type ServiceDefinition } from '@tsunagu/platform';
import { IdentityBootstrap } from './identity-bootstrap';
import { identityEnv, identityOptionsFromEnv, type IdentityOptions } from './identity.config';
import { IDENTITY_OPTIONS, IDENTITY_SCHEMA } from './identity.constants';
import { IDENTITY_TABLES } from './identity.tables';
import { IdentityInit1766000000000 } from './migrations/1766000000000-identity-init';
import { AuthController } from './sessions/auth.controller';
import { SessionsRepository } from './sessions/sessions.repository';
import { SessionsService } from './sessions/sessions.service';
import { UsersController } from './users/users.controller';
import { UsersRepository } from './users/users.repository';
import { UsersService } from './users/users.service';

/** Identity as the kernel builds it: schema, tables, options, HTTP; no topic. */
export const IDENTITY_SERVICE: ServiceDefinition<IdentityOptions> = {
  name: 'identity',
  schema: IDENTITY_SCHEMA,
  migrations: [IdentityInit1766000000000],
  tables: IDENTITY_TABLES,
  options: serviceOptions(IDENTITY_OPTIONS, identityEnv, identityOptionsFromEnv),
  controllers: [AuthController, UsersController],
  providers: [UsersRepository, SessionsRepository, UsersService, SessionsService, IdentityBootstrap],
  exports: [SessionsService, UsersService],
};

/**
 * Operators' accounts and browser sessions: sign-in with a password (scrypt),
 * an HttpOnly SameSite=Strict session cookie with a CSRF token, accounts managed
 * by admins. Once mounted, the platform's guard accepts sessions beside API tokens.
 */
export const IdentityModule = serviceModuleClass('IdentityModule', IDENTITY_SERVICE);
