/** Injection token of a service's AlarmRulesFeature (see alarmRulesFeature). */
export const ALARM_RULES_FEATURE = 'tsunagu.alarm-rules.feature' as const;
