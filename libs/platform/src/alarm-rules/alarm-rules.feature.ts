import type { Provider, Type } from '@nestjs/common';
import type { AlarmRule, LayeredRules } from '@tsunagu/alarm-rules';
import type { IntervalJob } from '../jobs/interval-job';
import { ALARM_RULES_FEATURE } from './alarm-rules.constants';
import { alarmRulesController, type AlarmRulesRoles } from './alarm-rules.controller';
import { AlarmRulesRefreshJob } from './alarm-rules-refresh.job';
import { AlarmRulesRepository } from './alarm-rules.repository';
import { AlarmRulesService } from './alarm-rules.service';
import type { AlarmRuleTables } from './alarm-rules.tables';

/** The rules an analyser judges by now, and how to swap in a new set (MachineAnalyser, RuleBook). */
export interface RuleHolder {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each domain has its own effective rules and override shape
  readonly rules: LayeredRules<any, any>;
  useRules(rules: readonly AlarmRule[]): void;
}

/** What the alarm-rules parts of one service share (provided under ALARM_RULES_FEATURE). */
export interface AlarmRulesFeature {
  /** service name, for logs */
  readonly name: string;
  readonly tables: AlarmRuleTables;
  /** `SELECT model FROM … WHERE <device id> = $1`: the model a device last reported */
  readonly modelQuery: string;
  readonly book: RuleHolder;
  /** ms between reloads of the table (changes made through another instance apply within this) */
  readonly pollMs: number;
}

export interface AlarmRulesFeatureDefinition<O> {
  readonly name: string;
  /** alarmRuleTables(the service's schema), listed in its tables too */
  readonly tables: AlarmRuleTables;
  /** REST path of the rules */
  readonly path: string;
  readonly roles: AlarmRulesRoles;
  readonly modelQuery: string;
  /** the token of the service's RuleHolder (its analyser) */
  readonly holderToken: string;
  /** the token of the service's options, and where in them the poll interval is */
  readonly optionsToken: string;
  readonly pollMs: (options: O) => number;
}

/**
 * Alarm rules operators change at run time, for one service: the REST controller, the providers and the refresh job, to spread into its ServiceDefinition.
 * The service's own migration creates the tables (alarmRulesMigration).
 */
export function alarmRulesFeature<O>(def: AlarmRulesFeatureDefinition<O>) {
  const { tables } = def;
  const providers: Provider[] = [
    {
      provide: ALARM_RULES_FEATURE,
      inject: [def.holderToken, def.optionsToken],
      useFactory: (book: RuleHolder, options: O): AlarmRulesFeature => ({ name: def.name, tables, modelQuery: def.modelQuery, book, pollMs: def.pollMs(options) }),
    },
    AlarmRulesRepository,
    AlarmRulesService,
  ];
  const jobs: ReadonlyArray<Type<IntervalJob>> = [AlarmRulesRefreshJob];
  return { providers, jobs, controller: alarmRulesController(def.path, def.roles) };
}
