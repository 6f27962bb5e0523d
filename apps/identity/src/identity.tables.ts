import { column, defineTable, type RowOf } from '@tsunagu/platform';
import { IDENTITY_SCHEMA } from './identity.constants';

/** An operator's account: a scrypt hash of the password, never the password. */
export const usersTable = defineTable(IDENTITY_SCHEMA, 'users', {
  id: column.uuid(),
  username: column.text(),
  passwordHash: column.text(),
  /** from USER_ROLES (checked by the table's constraint) */
  roles: column.textArray(),
  disabled: column.boolean(),
  createdAt: column.timestamptz(),
  createdBy: column.text(),
  updatedAt: column.timestamptz(),
});
export type UserRow = RowOf<typeof usersTable>;

/**
 * A signed-in session. Only the SHA-256 of the cookie's value is stored, so a
 * read of this table does not hand out sessions.
 */
export const sessionsTable = defineTable(IDENTITY_SCHEMA, 'sessions', {
  idHash: column.text(),
  userId: column.uuid(),
  csrfToken: column.text(),
  createdAt: column.timestamptz(),
  lastSeenAt: column.timestamptz(),
  /** absolute end (sign-in + IDENTITY_SESSION_MAX_HOURS); idleness ends it sooner */
  expiresAt: column.timestamptz(),
  ip: column.text().nullable(),
});
export type SessionRow = RowOf<typeof sessionsTable>;

export const IDENTITY_TABLES = [usersTable, sessionsTable] as const;
