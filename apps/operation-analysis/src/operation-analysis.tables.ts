import type { AlarmRuleOverride, MachineState, RuleScope } from '@tsunagu/operation-analysis';
import { column, defineTable, type RowOf } from '@tsunagu/platform';
import { OPERATION_ANALYSIS_SCHEMA } from './operation-analysis.constants';

/** What the detectors keep per machine (plain JSON from the analysis library). */
export const machineStatesTable = defineTable(OPERATION_ANALYSIS_SCHEMA, 'machine_states', {
  machineId: column.text(),
  model: column.text(),
  state: column.jsonb<MachineState>(),
  /** ts of the latest reading analysed */
  lastTs: column.timestamptz(),
  updatedAt: column.timestamptz(),
});

/** A work order closed by maintenance, kept until the next telemetry batch of its machine applies it. */
export const workOrderClosuresTable = defineTable(OPERATION_ANALYSIS_SCHEMA, 'work_order_closures', {
  workOrderId: column.text(),
  machineId: column.text(),
  dedupKey: column.text(),
  status: column.text<'done' | 'cancelled'>(),
  closedAt: column.timestamptz(),
  closedBy: column.text(),
  receivedAt: column.timestamptz(),
  appliedAt: column.timestamptz().nullable(),
});

/** Seconds per engine state of one machine on one UTC day. */
export const utilisationDailyTable = defineTable(OPERATION_ANALYSIS_SCHEMA, 'utilisation_daily', {
  machineId: column.text(),
  day: column.date(),
  model: column.text(),
  offSec: column.double(),
  idleSec: column.double(),
  workingSec: column.double(),
  travellingSec: column.double(),
  updatedAt: column.timestamptz(),
});
export type UtilisationDayRow = RowOf<typeof utilisationDailyTable>;

/** Operators' alarm-rule overrides, per model or per device: the current version of each. */
export const alarmRulesTable = defineTable(OPERATION_ANALYSIS_SCHEMA, 'alarm_rules', {
  scope: column.text<RuleScope>(),
  /** model id or device id */
  target: column.text(),
  version: column.integer(),
  rule: column.jsonb<AlarmRuleOverride>(),
  updatedBy: column.text(),
  updatedAt: column.timestamptz(),
});
export type AlarmRuleRow = RowOf<typeof alarmRulesTable>;

/** Every change of an override: who, when, what it became and what it was before. */
export const alarmRuleVersionsTable = defineTable(OPERATION_ANALYSIS_SCHEMA, 'alarm_rule_versions', {
  scope: column.text<RuleScope>(),
  target: column.text(),
  version: column.integer(),
  rule: column.jsonb<AlarmRuleOverride>(),
  previousVersion: column.integer().nullable(),
  previousRule: column.jsonb<AlarmRuleOverride>().nullable(),
  changedBy: column.text(),
  changedAt: column.timestamptz(),
});
export type AlarmRuleVersionRow = RowOf<typeof alarmRuleVersionsTable>;

export const OPERATION_ANALYSIS_TABLES = [machineStatesTable, workOrderClosuresTable, utilisationDailyTable, alarmRulesTable, alarmRuleVersionsTable] as const;
