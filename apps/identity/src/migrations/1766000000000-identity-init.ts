import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Operators' accounts (unique user names, roles from the console's list) and their sessions. */
export class IdentityInit1766000000000 implements MigrationInterface {
  name = 'IdentityInit1766000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE identity.users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        username text NOT NULL UNIQUE,
        password_hash text NOT NULL,
        roles text[] NOT NULL CHECK (roles <@ ARRAY['admin', 'operator', 'maintenance', 'callcentre', 'trading', 'dispatch']::text[] AND cardinality(roles) > 0),
        disabled boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        created_by text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE identity.sessions (
        id_hash text PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES identity.users (id) ON DELETE CASCADE,
        csrf_token text NOT NULL,
        created_at timestamptz NOT NULL,
        last_seen_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        ip text
      )`);
    await q.query(`CREATE INDEX sessions_user ON identity.sessions (user_id)`);
    await q.query(`CREATE INDEX sessions_expiry ON identity.sessions (expires_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE identity.sessions`);
    await q.query(`DROP TABLE identity.users`);
  }
}
