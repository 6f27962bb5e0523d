import type { z } from 'zod';
import { formatIssues } from '@tsunagu/contracts';

export const RULE_SCOPES = ['model', 'device'] as const;
export type RuleScope = (typeof RULE_SCOPES)[number];

/** One stored override with its version (1 the first). */
export interface AlarmRule<O = unknown> {
  readonly scope: RuleScope;
  /** model id or device id */
  readonly target: string;
  readonly version: number;
  readonly rule: O;
}

/** The effective rules of one device, and the name of the rule version that made them. */
export interface ResolvedRules<E> {
  readonly effective: E;
  /** `catalogue@2026.11.1`, then `+model:excavator-20t@v3`, `+device:exc-1@v2` when overrides apply */
  readonly version: string;
}

/**
 * What a domain says about its rules; the layering (base, model override, device
 * override), the version names and the checks are the same for every domain.
 */
export interface RuleLayering<E, O> {
  /** the base's version: `catalogue@2026.11.1` */
  readonly baseVersion: string;
  /** the override's schema (strict: an unknown field is a mistake, not a no-op) */
  readonly schema: z.ZodType<O>;
  /** the model a device override is checked against when the device's model is not known */
  readonly fallbackModel: string;
  /** the base rules of a model, and the id its model override may also be keyed by (a catalogue alias) */
  base(modelId: string): { readonly id: string; readonly effective: E };
  apply(effective: E, override: O): E;
  /** problems of an effective value a schema cannot see (a critical level on the wrong side of the limit) */
  problems(effective: E): string[];
  /** the effective value when an override applied (e.g. to give it a distinct id for the caller's caches) */
  tagged?(effective: E, version: string): E;
  /** the effective rules as an operator reads them */
  describe(effective: E): unknown;
}

export type OverrideCheck<E, O> = { readonly ok: true; readonly rule: O; readonly effective: E } | { readonly ok: false; readonly detail: string };

/** Changes whenever any override does (cheap comparison for pollers). */
export function rulesFingerprint(rules: ReadonlyArray<Pick<AlarmRule, 'scope' | 'target' | 'version'>>): string {
  return rules
    .map((r) => `${r.scope}:${r.target}@${r.version}`)
    .sort()
    .join(',');
}

/**
 * A base (catalogue, defaults) with operators' overrides on top, per model and per
 * device (a device's over its model's). Immutable: a change of the rules is a new
 * LayeredRules, swapped in between batches.
 */
export class LayeredRules<E, O> {
  private readonly byKey: ReadonlyMap<string, AlarmRule<O>>;
  private readonly resolved = new Map<string, ResolvedRules<E>>();
  readonly fingerprint: string;

  constructor(
    readonly layering: RuleLayering<E, O>,
    readonly rules: ReadonlyArray<AlarmRule<O>> = [],
  ) {
    this.byKey = new Map(rules.map((r) => [`${r.scope}:${r.target}`, r]));
    this.fingerprint = rulesFingerprint(rules);
  }

  /** The rules a device runs under: its model's base, its model's override, its own override. */
  resolve(deviceId: string, modelId: string): ResolvedRules<E> {
    const key = `${deviceId}|${modelId}`;
    let resolved = this.resolved.get(key);
    if (resolved) return resolved;
    const base = this.layering.base(modelId);
    let effective = base.effective;
    let version = this.layering.baseVersion;
    const modelRule = this.byKey.get(`model:${modelId}`) ?? this.byKey.get(`model:${base.id}`);
    if (modelRule) {
      effective = this.layering.apply(effective, modelRule.rule);
      version += `+model:${modelRule.target}@v${modelRule.version}`;
    }
    const deviceRule = this.byKey.get(`device:${deviceId}`);
    if (deviceRule) {
      effective = this.layering.apply(effective, deviceRule.rule);
      version += `+device:${deviceId}@v${deviceRule.version}`;
    }
    if ((modelRule || deviceRule) && this.layering.tagged) effective = this.layering.tagged(effective, version);
    resolved = { effective, version };
    this.resolved.set(key, resolved);
    return resolved;
  }

  /** The effective rules of a model (scope `model`) or a device (scope `device`, of model `deviceModelId`). */
  view(scope: RuleScope, target: string, deviceModelId: string = this.layering.fallbackModel): ResolvedRules<E> {
    return scope === 'model' ? this.resolve('(model view)', target) : this.resolve(target, deviceModelId);
  }

  /** Checks an override before it is stored: its schema, then the effective rules it would make. */
  check(scope: RuleScope, target: string, raw: unknown, deviceModelId?: string): OverrideCheck<E, O> {
    const parsed = this.layering.schema.safeParse(raw);
    if (!parsed.success) return { ok: false, detail: formatIssues(parsed.error) };
    const others = this.rules.filter((r) => !(r.scope === scope && r.target === target));
    const trial = new LayeredRules(this.layering, [...others, { scope, target, version: 0, rule: parsed.data }]);
    const effective = trial.view(scope, target, deviceModelId).effective;
    const problems = this.layering.problems(effective);
    if (problems.length > 0) return { ok: false, detail: problems.join('; ') };
    return { ok: true, rule: parsed.data, effective };
  }
}

/** Holds the rules a domain judges by now; `useRules` swaps in a new set (between batches). */
export class RuleBook<E, O> {
  private current: LayeredRules<E, O>;

  constructor(private readonly layering: RuleLayering<E, O>) {
    this.current = new LayeredRules(layering);
  }

  get rules(): LayeredRules<E, O> {
    return this.current;
  }

  useRules(rules: ReadonlyArray<AlarmRule<O>>): void {
    this.current = new LayeredRules(this.layering, rules);
  }
}
