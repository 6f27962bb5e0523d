import { z } from 'zod';
import { formatIssues, severitySchema } from '@tsunagu/contracts';
import { MONITORED_METRICS, type MachineCatalogue, type MachineModel, type MetricSpec } from '../catalogue/machine-catalogue';

export const RULE_SCOPES = ['model', 'device'] as const;
export type RuleScope = (typeof RULE_SCOPES)[number];

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

/** One stored override with its version (1 the first). */
export interface AlarmRule {
  readonly scope: RuleScope;
  /** model id or device id */
  readonly target: string;
  readonly version: number;
  readonly rule: AlarmRuleOverride;
}

/** The effective model of one machine, and the name of the rule version that made it. */
export interface ResolvedRules {
  readonly model: MachineModel;
  /** `catalogue@2026.11.1`, then `+model:excavator-20t@v3`, `+device:exc-1@v2` when overrides apply */
  readonly version: string;
}

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

export type OverrideCheck = { readonly ok: true; readonly rule: AlarmRuleOverride; readonly effective: MachineModel } | { readonly ok: false; readonly detail: string };

/**
 * The machine catalogue with operators' overrides on top. Immutable: a change of
 * the rules is a new AlarmRules (the analyser swaps it in between batches).
 */
export class AlarmRules {
  private readonly byKey: ReadonlyMap<string, AlarmRule>;
  private readonly resolved = new Map<string, ResolvedRules>();

  constructor(
    readonly catalogue: MachineCatalogue,
    readonly rules: readonly AlarmRule[] = [],
  ) {
    this.byKey = new Map(rules.map((r) => [`${r.scope}:${r.target}`, r]));
  }

  /** Changes whenever any override does (cheap comparison for pollers). */
  get fingerprint(): string {
    return this.rules
      .map((r) => `${r.scope}:${r.target}@${r.version}`)
      .sort()
      .join(',');
  }

  /** The rules a machine runs under: its catalogue model, its model's override, its own override. */
  resolve(deviceId: string, modelId: string): ResolvedRules {
    const key = `${deviceId}|${modelId}`;
    let resolved = this.resolved.get(key);
    if (resolved) return resolved;
    let model = this.catalogue.modelFor(modelId);
    let version = `catalogue@${this.catalogue.version}`;
    // the model override is keyed by the model id the machine reports, else by the catalogue model it resolves to
    const modelRule = this.byKey.get(`model:${modelId}`) ?? this.byKey.get(`model:${model.id}`);
    if (modelRule) {
      model = applyOverride(model, modelRule.rule);
      version += `+model:${modelRule.target}@v${modelRule.version}`;
    }
    const deviceRule = this.byKey.get(`device:${deviceId}`);
    if (deviceRule) {
      model = applyOverride(model, deviceRule.rule);
      version += `+device:${deviceId}@v${deviceRule.version}`;
    }
    // a distinct id per effective model: the analyser caches its prepared metrics by it
    resolved = { model: modelRule || deviceRule ? { ...model, id: `${model.id}|${version}` } : model, version };
    this.resolved.set(key, resolved);
    return resolved;
  }

  /** Checks an override before it is stored: its schema, then the effective model it would make. */
  check(scope: RuleScope, target: string, raw: unknown, deviceModelId?: string): OverrideCheck {
    const parsed = alarmRuleOverrideSchema.safeParse(raw);
    if (!parsed.success) return { ok: false, detail: formatIssues(parsed.error) };
    const others = this.rules.filter((r) => !(r.scope === scope && r.target === target));
    const trial = new AlarmRules(this.catalogue, [...others, { scope, target, version: 0, rule: parsed.data }]);
    const effective = scope === 'model' ? trial.resolve('(model check)', target).model : trial.resolve(target, deviceModelId ?? 'generic').model;
    const problems = limitProblems(effective);
    if (problems.length > 0) return { ok: false, detail: problems.join('; ') };
    return { ok: true, rule: parsed.data, effective };
  }
}
