import { z } from 'zod';
import { RuleBook, type AlarmRule, type RuleLayering } from '@tsunagu/alarm-rules';
import type { VehicleAnalysisConfig } from '../vehicle-analysis.config';

/** Bumped when the meaning of the vehicle thresholds changes; the base of every vehicle rule version. */
export const VEHICLE_RULES_BASE_VERSION = 'vehicle-defaults@1';

const positive = z.number().positive();
const ms = z.number().int().nonnegative().max(86_400_000);

/**
 * The thresholds an operator may change per vehicle model or per vehicle (the
 * detectors' sampling and trend-fitting parameters stay code). Units as in
 * VehicleAnalysisConfig: g, km/h, °C, V, ms of reading time.
 */
export const vehicleAlarmRuleOverrideSchema = z
  .object({
    crashG: positive,
    harshBrakeG: positive,
    harshAccelG: positive,
    harshCornerG: positive,
    speedLimitKmh: positive,
    driverScoreReportBelow: z.number().min(0).max(100),
    overheatOnC: z.number(),
    overheatOffC: z.number(),
    overheatCriticalC: z.number(),
    overheatMinMs: ms,
    chargingLowV: positive,
    chargingOkV: positive,
    restingLowV: positive,
    restingOkV: positive,
    batteryMinMs: ms,
    batteryTrendVPerHour: z.number().negative(),
  })
  .partial()
  .strict();
export type VehicleAlarmRuleOverride = z.infer<typeof vehicleAlarmRuleOverrideSchema>;
export type VehicleAlarmRule = AlarmRule<VehicleAlarmRuleOverride>;

const OPERATOR_FIELDS = Object.keys(vehicleAlarmRuleOverrideSchema.shape) as Array<keyof VehicleAlarmRuleOverride>;

/** Problems of effective thresholds a schema cannot see: a level that clears before it fires. */
export function vehicleThresholdProblems(c: VehicleAnalysisConfig): string[] {
  const order: Array<[keyof VehicleAnalysisConfig, keyof VehicleAnalysisConfig, string]> = [
    ['overheatOffC', 'overheatOnC', 'below'],
    ['overheatOnC', 'overheatCriticalC', 'at or below'],
    ['chargingLowV', 'chargingOkV', 'below'],
    ['restingLowV', 'restingOkV', 'below'],
  ];
  return order.flatMap(([low, high, relation]) => {
    const ok = relation === 'below' ? c[low] < c[high] : c[low] <= c[high];
    return ok ? [] : [`${low}: ${c[low]} must be ${relation} ${high} ${c[high]}`];
  });
}

/** Vehicles: the service's configured thresholds are the base of every model; an override replaces some of them. */
export function vehicleRuleLayering(base: VehicleAnalysisConfig): RuleLayering<VehicleAnalysisConfig, VehicleAlarmRuleOverride> {
  return {
    baseVersion: VEHICLE_RULES_BASE_VERSION,
    schema: vehicleAlarmRuleOverrideSchema,
    fallbackModel: 'unknown',
    base: (modelId) => ({ id: modelId, effective: base }),
    apply: (effective, override) => ({ ...effective, ...override }),
    problems: vehicleThresholdProblems,
    describe: (effective) => Object.fromEntries(OPERATOR_FIELDS.map((f) => [f, effective[f]])),
  };
}

/** The thresholds vehicle readings are judged by now; `useRules` swaps in operators' overrides. */
export type VehicleRuleBook = RuleBook<VehicleAnalysisConfig, VehicleAlarmRuleOverride>;

export function vehicleRuleBook(base: VehicleAnalysisConfig): VehicleRuleBook {
  return new RuleBook(vehicleRuleLayering(base));
}
