/** The identity service's own PostgreSQL schema (operators' accounts and sessions). */
export const IDENTITY_SCHEMA = 'identity' as const;

/** Injection token of the options object. */
export const IDENTITY_OPTIONS = 'tsunagu.identity.options' as const;

/** Where the console's identity routes live. */
export const IDENTITY_ROUTES = { auth: 'auth', users: 'auth/users' } as const;

/** Roles an operator account may hold: the API roles but the devices' and feeds' `publisher`. */
export const USER_ROLES = ['admin', 'operator', 'maintenance', 'callcentre', 'trading', 'dispatch'] as const;

/** The file (under DATA_DIR) a generated first admin password is written to, once. */
export const INITIAL_PASSWORD_FILE = 'initial-admin-password' as const;
