import { Inject, Injectable } from '@nestjs/common';
import type { AlarmRule, AlarmRuleOverride, MachineAnalyser, RuleScope } from '@tsunagu/operation-analysis';
import { PLATFORM_TOKENS, createLogger, type Clock } from '@tsunagu/platform';
import { OPERATION_ANALYSIS_TOKENS } from '../operation-analysis.constants';
import type { AlarmRuleRow } from '../operation-analysis.tables';
import { AlarmRulesException, ALARM_RULES_ERROR } from './alarm-rules.exception';
import { AlarmRulesRepository } from './alarm-rules.repository';

/**
 * Alarm rules as data: operators' overrides of the catalogue per model and per
 * device, validated against the effective model they make, versioned with their
 * history, and swapped into the analyser without a restart (here at once, on every
 * other instance by the refresh job).
 */
@Injectable()
export class AlarmRulesService {
  private readonly logger = createLogger('operation-analysis.rules');
  private loaded: Promise<void> | null = null;

  constructor(
    private readonly repository: AlarmRulesRepository,
    @Inject(OPERATION_ANALYSIS_TOKENS.analyser) private readonly analyser: MachineAnalyser,
    @Inject(PLATFORM_TOKENS.clock) private readonly clock: Clock,
  ) {}

  /** Resolves once the stored rules are in the analyser (the first batch waits for it). */
  ready(): Promise<void> {
    this.loaded ??= this.refresh().then(
      () => undefined,
      (err: Error) => {
        this.loaded = null; // try again with the next batch
        throw err;
      },
    );
    return this.loaded;
  }

  /** Reloads the rules; true when they changed. */
  async refresh(): Promise<boolean> {
    const rules: AlarmRule[] = (await this.repository.all()).map((r) => ({ scope: r.scope, target: r.target, version: r.version, rule: r.rule }));
    const next = rules
      .map((r) => `${r.scope}:${r.target}@${r.version}`)
      .sort()
      .join(',');
    if (next === this.analyser.rules.fingerprint) return false;
    this.analyser.useRules(rules);
    this.logger.info('alarm rules applied', { rules: rules.length, fingerprint: next.slice(0, 500) });
    return true;
  }

  list() {
    return this.repository.all();
  }

  async get(scope: RuleScope, target: string) {
    const row = await this.repository.find(scope, target);
    const resolved = scope === 'model' ? this.analyser.rules.resolve('(model view)', target) : this.analyser.rules.resolve(target, (await this.repository.modelOf(target)) ?? 'generic');
    return { scope, target, version: row?.version ?? 0, rule: row?.rule ?? {}, updatedBy: row?.updatedBy ?? null, updatedAt: row?.updatedAt ?? null, ruleVersion: resolved.version, effective: { metrics: resolved.model.metrics, serviceIntervals: resolved.model.serviceIntervals } };
  }

  history(scope: RuleScope, target: string) {
    return this.repository.history(scope, target);
  }

  /** Stores a new version of an override if `expectedVersion` is still current; applies it here at once. */
  async put(scope: RuleScope, target: string, expectedVersion: number, raw: unknown, actor: string): Promise<AlarmRuleRow> {
    const deviceModel = scope === 'device' ? ((await this.repository.modelOf(target)) ?? undefined) : undefined;
    const checked = this.analyser.rules.check(scope, target, raw, deviceModel);
    if (!checked.ok) throw new AlarmRulesException(ALARM_RULES_ERROR.ruleInvalid, checked.detail);
    const row = await this.repository.put(scope, target, expectedVersion, checked.rule as AlarmRuleOverride, actor, new Date(this.clock.now()));
    if (!row) {
      const current = await this.repository.find(scope, target);
      throw new AlarmRulesException(ALARM_RULES_ERROR.ruleVersionConflict, `the ${scope} rule of ${target} is at version ${current?.version ?? 0}, not ${expectedVersion}`, {
        currentVersion: current?.version ?? 0,
      });
    }
    await this.refresh();
    return row;
  }
}
