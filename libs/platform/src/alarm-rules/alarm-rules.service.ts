import { Inject, Injectable } from '@nestjs/common';
import { rulesFingerprint, type AlarmRule, type RuleScope } from '@tsunagu/alarm-rules';
import type { Clock } from '../clock/clock';
import { createLogger, type Logger } from '../logging/logger';
import { PLATFORM_TOKENS } from '../nest/platform.tokens';
import { ALARM_RULES_FEATURE } from './alarm-rules.constants';
import { AlarmRulesException, ALARM_RULES_ERROR } from './alarm-rules.exception';
import type { AlarmRulesFeature } from './alarm-rules.feature';
import { AlarmRulesRepository } from './alarm-rules.repository';
import type { AlarmRuleRow, StoredOverride } from './alarm-rules.tables';

/**
 * Alarm rules as data: operators' overrides of a service's base rules per model
 * and per device, validated against the effective rules they make, versioned with
 * their history, and swapped into the analyser without a restart (here at once,
 * on every other instance by the refresh job).
 */
@Injectable()
export class AlarmRulesService {
  private readonly logger: Logger;
  private loaded: Promise<void> | null = null;

  constructor(
    private readonly repository: AlarmRulesRepository,
    @Inject(ALARM_RULES_FEATURE) private readonly feature: AlarmRulesFeature,
    @Inject(PLATFORM_TOKENS.clock) private readonly clock: Clock,
  ) {
    this.logger = createLogger(`${feature.name}.rules`);
  }

  private get book() {
    return this.feature.book;
  }

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
    const next = rulesFingerprint(rules);
    if (next === this.book.rules.fingerprint) return false;
    this.book.useRules(rules);
    this.logger.info('alarm rules applied', { rules: rules.length, fingerprint: next.slice(0, 500) });
    return true;
  }

  list() {
    return this.repository.all();
  }

  async get(scope: RuleScope, target: string) {
    const row = await this.repository.find(scope, target);
    const deviceModel = scope === 'device' ? ((await this.repository.modelOf(target)) ?? undefined) : undefined;
    const rules = this.book.rules;
    const resolved = rules.view(scope, target, deviceModel);
    return {
      scope,
      target,
      version: row?.version ?? 0,
      rule: row?.rule ?? {},
      updatedBy: row?.updatedBy ?? null,
      updatedAt: row?.updatedAt ?? null,
      ruleVersion: resolved.version,
      effective: rules.layering.describe(resolved.effective),
    };
  }

  history(scope: RuleScope, target: string) {
    return this.repository.history(scope, target);
  }

  /** Stores a new version of an override if `expectedVersion` is still current; applies it here at once. */
  async put(scope: RuleScope, target: string, expectedVersion: number, raw: unknown, actor: string): Promise<AlarmRuleRow> {
    const deviceModel = scope === 'device' ? ((await this.repository.modelOf(target)) ?? undefined) : undefined;
    const checked = this.book.rules.check(scope, target, raw, deviceModel);
    if (!checked.ok) throw new AlarmRulesException(ALARM_RULES_ERROR.ruleInvalid, checked.detail);
    const row = await this.repository.put(scope, target, expectedVersion, checked.rule as StoredOverride, actor, new Date(this.clock.now()));
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
