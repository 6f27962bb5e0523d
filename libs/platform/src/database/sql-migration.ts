import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The statements of a migration that is plain SQL, in the order they run. */
export interface SqlMigrationSteps {
  readonly up: readonly string[];
  /** undoes `up`, in the order it runs; unless given, drops the tables `up` creates, the last created first */
  readonly down?: readonly string[];
}

const CREATE_TABLE = /^\s*CREATE TABLE (?:IF NOT EXISTS )?([a-z_][a-z0-9_]*\.[a-z_][a-z0-9_]*)/i;

/** `DROP TABLE` for each table the statements create, in the reverse order. */
export function dropCreatedTables(up: readonly string[]): string[] {
  return up
    .map((sql) => CREATE_TABLE.exec(sql)?.[1])
    .filter((table): table is string => table !== undefined)
    .reverse()
    .map((table) => `DROP TABLE ${table}`);
}

/**
 * A TypeORM migration written as its SQL: most of ours are a list of statements,
 * so the class around them is made here once. `name` must end in the migration's
 * timestamp (TypeORM orders and records migrations by it).
 */
export function sqlMigration(name: string, steps: SqlMigrationSteps): new () => MigrationInterface {
  if (!/\d{13}$/.test(name)) throw new RangeError(`migration ${name}: the name must end in a 13-digit timestamp`);
  const down = steps.down ?? dropCreatedTables(steps.up);
  const run = async (q: QueryRunner, statements: readonly string[]): Promise<void> => {
    for (const sql of statements) await q.query(sql);
  };
  const migration = class implements MigrationInterface {
    readonly name = name;
    up(q: QueryRunner): Promise<void> {
      return run(q, steps.up);
    }
    down(q: QueryRunner): Promise<void> {
      return run(q, down);
    }
  };
  Object.defineProperty(migration, 'name', { value: name });
  return migration;
}
