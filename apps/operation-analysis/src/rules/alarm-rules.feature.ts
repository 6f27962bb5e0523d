import { alarmRulesFeature } from '@tsunagu/platform';
import type { OperationAnalysisOptions } from '../operation-analysis.config';
import { OPERATION_ANALYSIS_TOKENS } from '../operation-analysis.constants';
import { machineStatesTable, operationAlarmRuleTables } from '../operation-analysis.tables';

/** Machines' alarm rules as data: `/alarm-rules`, over the catalogue, read by operators and maintenance, changed by maintenance. */
export const OPERATION_ANALYSIS_ALARM_RULES = alarmRulesFeature<OperationAnalysisOptions>({
  name: 'operation-analysis',
  tables: operationAlarmRuleTables,
  path: 'alarm-rules',
  roles: { read: ['operator', 'maintenance'], write: ['maintenance'] },
  modelQuery: `SELECT model FROM ${machineStatesTable.qualified} WHERE machine_id = $1`,
  holderToken: OPERATION_ANALYSIS_TOKENS.analyser,
  optionsToken: OPERATION_ANALYSIS_TOKENS.options,
  pollMs: (o) => o.rulesPollMs,
});
