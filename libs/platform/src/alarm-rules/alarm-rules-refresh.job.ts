import { jobOf } from '../jobs/job-spec';
import { ALARM_RULES_FEATURE } from './alarm-rules.constants';
import type { AlarmRulesFeature } from './alarm-rules.feature';
import { AlarmRulesService } from './alarm-rules.service';

/** Every `pollMs`: picks up rule changes made through another instance (the table is the source). */
export const AlarmRulesRefreshJob = jobOf({
  name: 'alarm-rules-refresh',
  services: [AlarmRulesService],
  options: ALARM_RULES_FEATURE,
  intervalMs: (feature: AlarmRulesFeature) => feature.pollMs,
  run: (_job, rules) => rules.refresh(),
});
