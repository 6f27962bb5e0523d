import { sqlMigration } from '@tsunagu/platform';

/** Operators' accounts (unique user names, roles from the console's list) and their sessions. */
export const IdentityInit1766000000000 = sqlMigration('IdentityInit1766000000000', {
  up: [
    `CREATE TABLE identity.users (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      username text NOT NULL UNIQUE,
      password_hash text NOT NULL,
      roles text[] NOT NULL CHECK (roles <@ ARRAY['admin', 'operator', 'maintenance', 'callcentre', 'trading', 'dispatch']::text[] AND cardinality(roles) > 0),
      disabled boolean NOT NULL DEFAULT false,
      created_at timestamptz NOT NULL DEFAULT now(),
      created_by text NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`,
    `CREATE TABLE identity.sessions (
      id_hash text PRIMARY KEY,
      user_id uuid NOT NULL REFERENCES identity.users (id) ON DELETE CASCADE,
      csrf_token text NOT NULL,
      created_at timestamptz NOT NULL,
      last_seen_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL,
      ip text
    )`,
    `CREATE INDEX sessions_user ON identity.sessions (user_id)`,
    `CREATE INDEX sessions_expiry ON identity.sessions (expires_at)`,
  ],
  down: [`DROP TABLE identity.sessions`, `DROP TABLE identity.users`],
});
