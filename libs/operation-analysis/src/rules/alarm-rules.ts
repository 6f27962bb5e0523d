import { z } from 'zod';
import { severitySchema } from '@tsunagu/contracts';
import { LayeredRules, type AlarmRule as StoredAlarmRule, type RuleLayering } from '@tsunagu/alarm-rules';
import { MONITORED_METRICS, type MachineCatalogue, type MachineModel, type MetricSpec } from '../catalogue/machine-catalogue';

export { RULE_SCOPES, type RuleScope, type ResolvedRules } from '@tsunagu/alarm-rules';

/** What an operator may change of one metric's limit (every field optional: the rest comes from below). */
const limitOverrideSchema = z
  .object({
    direction: z.enum(['above', 'below']),
    value: z.number(),
    critical: z.number(),
    hysteresis: z.number().nonnegative(),
    minDurationSec: z.number().nonnegative().max(86_400),
    severity: severitySchema,
  })
  .partial()
  .strict();

/**
 * An alarm rule override, per model (device profile) or per device: limits,
 * hysteresis, minimum duration and severity per metric, and service intervals
 * (a list replaces the model's). A device override is applied over its model's.
 */
export const alarmRuleOverrideSchema = z
  .object({
    metrics: z.partialRecord(z.enum(MONITORED_METRICS), z.object({ limit: limitOverrideSchema }).strict()).optional(),
    serviceIntervals: z.array(z.object({ task: z.string().min(1).max(64), everyHours: z.number().positive() }).strict()).max(50).optional(),
  })
  .strict();
export type AlarmRuleOverride = z.infer<typeof alarmRuleOverrideSchema>;

/** One stored machine override with its version. */
export type AlarmRule = StoredAlarmRule<AlarmRuleOverride>;

function applyOverride(model: MachineModel, override: AlarmRuleOverride): MachineModel {
  const metrics: MachineModel['metrics'] = { ...model.metrics };
  for (const [metric, change] of Object.entries(override.metrics ?? {}) as Array<[keyof MachineModel['metrics'], { limit: Partial<MetricSpec['limit']> }]>) {
    const base = metrics[metric];
    if (!base) continue; // a metric the model does not monitor stays unmonitored
    metrics[metric] = { ...base, limit: { ...base.limit, ...change.limit } };
  }
  return { ...model, metrics, serviceIntervals: override.serviceIntervals ?? model.serviceIntervals };
}

/** Problems of an effective model's limits a schema cannot see (a critical level on the wrong side of the limit). */
export function limitProblems(model: MachineModel): string[] {
  return Object.entries(model.metrics).flatMap(([metric, spec]) => {
    const l = spec!.limit;
    if (l.critical === undefined) return [];
    const ok = l.direction === 'above' ? l.critical >= l.value : l.critical <= l.value;
    return ok ? [] : [`metrics.${metric}.limit.critical: ${l.critical} must be ${l.direction === 'above' ? 'at or above' : 'at or below'} the limit ${l.value}`];
  });
}

/** Machines: the catalogue's models are the base; an override changes limits and service intervals. */
export function machineRuleLayering(catalogue: MachineCatalogue): RuleLayering<MachineModel, AlarmRuleOverride> {
  return {
    baseVersion: `catalogue@${catalogue.version}`,
    schema: alarmRuleOverrideSchema,
    fallbackModel: 'generic',
    base: (modelId) => {
      // the model override is keyed by the model id the machine reports, else by the catalogue model it resolves to
      const model = catalogue.modelFor(modelId);
      return { id: model.id, effective: model };
    },
    apply: applyOverride,
    problems: limitProblems,
    // a distinct id per effective model: the analyser caches its prepared metrics by it
    tagged: (model, version) => ({ ...model, id: `${model.id}|${version}` }),
    describe: (model) => ({ metrics: model.metrics, serviceIntervals: model.serviceIntervals }),
  };
}

/** The machine catalogue with operators' overrides on top (see LayeredRules). */
export class AlarmRules extends LayeredRules<MachineModel, AlarmRuleOverride> {
  constructor(
    readonly catalogue: MachineCatalogue,
    rules: readonly AlarmRule[] = [],
  ) {
    super(machineRuleLayering(catalogue), rules);
  }
}
