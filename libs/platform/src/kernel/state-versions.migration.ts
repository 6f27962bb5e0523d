import type { SqlMigrationSteps } from '../database/sql-migration';

/**
 * The steps that let a service keep the states it writes in memory (StateCache):
 * every write of a row of `table` (`schema.name`, with a `state` column) draws a
 * new `version` from the sequence `sequence` (rows stored before start at 1), and
 * the state is stored as `json`, the text as written: it is only ever read and
 * written whole, and converting it to jsonb on every write cost more than the write.
 */
export function stateVersionSteps(table: string, sequence: string): SqlMigrationSteps {
  const schema = table.slice(0, table.indexOf('.'));
  return {
    up: [
      `ALTER TABLE ${table} ADD COLUMN version bigint NOT NULL DEFAULT 1`,
      `CREATE SEQUENCE ${schema}.${sequence} OWNED BY ${table}.version`,
      `SELECT setval('${schema}.${sequence}', 2, false)`,
      `ALTER TABLE ${table} ALTER COLUMN version SET DEFAULT nextval('${schema}.${sequence}')`,
      `ALTER TABLE ${table} ALTER COLUMN state TYPE json USING state::json`,
    ],
    down: [`ALTER TABLE ${table} ALTER COLUMN state TYPE jsonb USING state::jsonb`, `ALTER TABLE ${table} DROP COLUMN version`],
  };
}
