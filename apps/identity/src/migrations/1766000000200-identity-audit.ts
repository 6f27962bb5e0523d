import { sqlMigration } from '@tsunagu/platform';

/** The hash-chained audit trail; append-only: UPDATE and DELETE are refused by a trigger. */
export const IdentityAudit1766000000200 = sqlMigration('IdentityAudit1766000000200', {
  up: [
    `CREATE TABLE identity.audit_log (
      seq bigint PRIMARY KEY,
      at timestamptz NOT NULL,
      actor text NOT NULL,
      actor_kind text NOT NULL,
      roles text[] NOT NULL,
      action text NOT NULL,
      path text NOT NULL,
      body jsonb,
      outcome text NOT NULL CHECK (outcome IN ('done', 'refused')),
      status integer,
      error text,
      ip text,
      prev_hash text NOT NULL,
      hash text NOT NULL
    )`,
    `CREATE INDEX audit_log_actor ON identity.audit_log (actor, seq DESC)`,
    `CREATE INDEX audit_log_path ON identity.audit_log (path, seq DESC)`,
    `CREATE FUNCTION identity.audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'identity.audit_log is append-only'; END $$`,
    `CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON identity.audit_log FOR EACH ROW EXECUTE FUNCTION identity.audit_log_append_only()`,
  ],
  down: [`DROP TABLE identity.audit_log`, `DROP FUNCTION identity.audit_log_append_only()`],
});
