import type { RuleScope } from '@tsunagu/alarm-rules';
import type { MigrationInterface } from 'typeorm';
import { sqlMigration } from '../database/sql-migration';
import { column, defineTable, type RowOf } from '../database/table';

/** An override as stored: the domain's schema checked it before it was written. */
export type StoredOverride = Record<string, unknown>;

/** A service's alarm-rule tables, in its own schema: the current version of each override and every change. */
export function alarmRuleTables(schema: string) {
  return {
    /** operators' alarm-rule overrides, per model or per device: the current version of each */
    current: defineTable(schema, 'alarm_rules', {
      scope: column.text<RuleScope>(),
      /** model id or device id */
      target: column.text(),
      version: column.integer(),
      rule: column.jsonb<StoredOverride>(),
      updatedBy: column.text(),
      updatedAt: column.timestamptz(),
    }),
    /** every change of an override: who, when, what it became and what it was before */
    versions: defineTable(schema, 'alarm_rule_versions', {
      scope: column.text<RuleScope>(),
      target: column.text(),
      version: column.integer(),
      rule: column.jsonb<StoredOverride>(),
      previousVersion: column.integer().nullable(),
      previousRule: column.jsonb<StoredOverride>().nullable(),
      changedBy: column.text(),
      changedAt: column.timestamptz(),
    }),
  };
}
export type AlarmRuleTables = ReturnType<typeof alarmRuleTables>;
export type AlarmRuleRow = RowOf<AlarmRuleTables['current']>;
export type AlarmRuleVersionRow = RowOf<AlarmRuleTables['versions']>;

/** The migration creating `alarmRuleTables(schema)` (`name` ends in its timestamp). */
export function alarmRulesMigration(name: string, schema: string): new () => MigrationInterface {
  return sqlMigration(name, {
    up: [
      `CREATE TABLE ${schema}.alarm_rules (
        scope      text NOT NULL CHECK (scope IN ('model', 'device')),
        target     text NOT NULL,
        version    integer NOT NULL,
        rule       jsonb NOT NULL,
        updated_by text NOT NULL,
        updated_at timestamptz NOT NULL,
        PRIMARY KEY (scope, target)
      )`,
      `CREATE TABLE ${schema}.alarm_rule_versions (
        scope            text NOT NULL,
        target           text NOT NULL,
        version          integer NOT NULL,
        rule             jsonb NOT NULL,
        previous_version integer,
        previous_rule    jsonb,
        changed_by       text NOT NULL,
        changed_at       timestamptz NOT NULL,
        PRIMARY KEY (scope, target, version)
      )`,
    ],
    down: [`DROP TABLE ${schema}.alarm_rule_versions`, `DROP TABLE ${schema}.alarm_rules`],
  });
}
