import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Alarm rules operators change at run time, and their history (see operation-analysis.tables.ts). */
export class AlarmRules1765100000300 implements MigrationInterface {
  name = 'AlarmRules1765100000300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE operation_analysis.alarm_rules (
        scope      text NOT NULL CHECK (scope IN ('model', 'device')),
        target     text NOT NULL,
        version    integer NOT NULL,
        rule       jsonb NOT NULL,
        updated_by text NOT NULL,
        updated_at timestamptz NOT NULL,
        PRIMARY KEY (scope, target)
      )`);
    await q.query(`
      CREATE TABLE operation_analysis.alarm_rule_versions (
        scope            text NOT NULL,
        target           text NOT NULL,
        version          integer NOT NULL,
        rule             jsonb NOT NULL,
        previous_version integer,
        previous_rule    jsonb,
        changed_by       text NOT NULL,
        changed_at       timestamptz NOT NULL,
        PRIMARY KEY (scope, target, version)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE operation_analysis.alarm_rule_versions`);
    await q.query(`DROP TABLE operation_analysis.alarm_rules`);
  }
}
