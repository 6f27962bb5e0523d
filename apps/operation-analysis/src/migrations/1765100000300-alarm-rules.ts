import { alarmRulesMigration } from '@tsunagu/platform';
import { OPERATION_ANALYSIS_SCHEMA } from '../operation-analysis.constants';

/** Alarm rules operators change at run time, and their history (see operation-analysis.tables.ts). */
export const AlarmRules1765100000300 = alarmRulesMigration('AlarmRules1765100000300', OPERATION_ANALYSIS_SCHEMA);
