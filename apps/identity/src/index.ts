/** The identity service's public entry (the all-in-one process and tests import only this). */
export { IdentityModule, IDENTITY_SERVICE } from './identity.module';
export { identityEnv, type IdentityOptions } from './identity.config';
export { IDENTITY_SCHEMA, USER_ROLES } from './identity.constants';
export { IDENTITY_TABLES } from './identity.tables';
