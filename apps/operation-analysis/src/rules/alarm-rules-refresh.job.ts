import { jobOf } from '@tsunagu/platform';
import type { OperationAnalysisOptions } from '../operation-analysis.config';
import { OPERATION_ANALYSIS_TOKENS } from '../operation-analysis.constants';
import { AlarmRulesService } from './alarm-rules.service';

/** Every `ALARM_RULES_POLL_MS`: picks up rule changes made through another instance (the table is the source). */
export const AlarmRulesRefreshJob = jobOf({
  name: 'alarm-rules-refresh',
  services: [AlarmRulesService],
  options: OPERATION_ANALYSIS_TOKENS.options,
  intervalMs: (options: OperationAnalysisOptions) => options.rulesPollMs,
  run: (_job, rules) => rules.refresh(),
});
