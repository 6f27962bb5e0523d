import { serviceModuleClass, serviceOptions, serviceDefinition } from '@tsunagu/platform';
import { IdentityBootstrap } from './identity-bootstrap';
import { identityEnv, identityOptionsFromEnv, type IdentityOptions } from './identity.config';
import { IDENTITY_OPTIONS } from './identity.constants';
import { IDENTITY_TABLES } from './identity.tables';
import { IDENTITY_SECURITY_RULES } from './identity-security.rules';
import { IdentityInit1766000000000 } from './migrations/1766000000000-identity-init';
import { IdentityAudit1766000000200 } from './migrations/1766000000200-identity-audit';
import { AuditController } from './audit/audit.controller';
import { AuditService } from './audit/audit.service';
import { AuthController } from './sessions/auth.controller';
import { SessionsRepository } from './sessions/sessions.repository';
import { SessionsService } from './sessions/sessions.service';
import { UsersController } from './users/users.controller';
import { UsersRepository } from './users/users.repository';
import { UsersService } from './users/users.service';

/** Identity as the kernel builds it: schema, tables (accounts, sessions, the audit trail), options, HTTP; no topic. */
export const IDENTITY_SERVICE = serviceDefinition<IdentityOptions>({
  name: 'identity',
  migrations: [IdentityInit1766000000000, IdentityAudit1766000000200],
  tables: IDENTITY_TABLES,
  options: serviceOptions(IDENTITY_OPTIONS, identityEnv, identityOptionsFromEnv),
  controllers: [AuthController, UsersController, AuditController],
  providers: [UsersRepository, SessionsRepository, UsersService, SessionsService, AuditService, IdentityBootstrap],
  exports: [SessionsService, UsersService],
  securityRules: IDENTITY_SECURITY_RULES,
});

/**
 * Operators' accounts and browser sessions: sign-in with a password (scrypt),
 * an HttpOnly SameSite=Strict session cookie with a CSRF token, accounts managed
 * by admins. Once mounted, the platform's guard accepts sessions beside API tokens,
 * and the platform's audit interceptor keeps every action in its hash-chained trail.
 */
export const IdentityModule = serviceModuleClass('IdentityModule', IDENTITY_SERVICE);
