import { ConfigError } from '../errors/tsunagu.error';
import { loadConfig } from '../config/load-config';
import { baseEnv, type SecurityProfile } from '../config/env-fragments';
import { createLogger, type Logger } from '../logging/logger';

/** What a rule looks at: the raw environment (each rule validates the fragments it needs) and, at start-up, the database the process uses. */
export interface SecurityContext {
  readonly env: Readonly<Record<string, string | undefined>>;
  /** the database URL the process will use (the embedded one included); unset: rules that need a connection are not checked */
  readonly databaseUrl?: string;
  /** true when that database is the embedded one this process started */
  readonly embeddedDatabase?: boolean;
}

/**
 * One rule of the production profile, as code. `check` answers null when the
 * configuration complies, else what is wrong, in words that never contain a
 * secret's value. An advisory rule is logged once; any other stops the process.
 */
export interface SecurityRule {
  /** stable kebab-case id: in the refusal message, in SECURITY_WAIVERS */
  readonly id: string;
  /** why the rule exists */
  readonly reason: string;
  /** what to change to comply */
  readonly fix: string;
  readonly advisory?: boolean;
  check(context: SecurityContext): string | null | Promise<string | null>;
}

export interface RuleOutcome {
  readonly rule: SecurityRule;
  readonly problem: string;
  /** the reason given in SECURITY_WAIVERS, when the rule is waived */
  readonly waiver?: string;
}

export interface SecurityReport {
  readonly profile: SecurityProfile;
  /** rules that comply */
  readonly passed: readonly SecurityRule[];
  /** violated, not advisory, not waived: in production these stop the process */
  readonly blocking: readonly RuleOutcome[];
  readonly advisories: readonly RuleOutcome[];
  readonly waived: readonly RuleOutcome[];
}

const WAIVER_REASON_MIN = 10;

/** `rule-id:reason` pairs; an unknown id or a missing reason is a configuration error (a typo must not waive nothing silently). */
export function parseWaivers(entries: readonly string[] | undefined, rules: readonly SecurityRule[]): Map<string, string> {
  const known = new Set(rules.map((r) => r.id));
  const waivers = new Map<string, string>();
  const problems: string[] = [];
  for (const entry of entries ?? []) {
    const at = entry.indexOf(':');
    const id = at < 0 ? entry : entry.slice(0, at);
    const reason = at < 0 ? '' : entry.slice(at + 1).trim();
    if (!known.has(id)) problems.push(`unknown rule ${id}`);
    else if (reason.length < WAIVER_REASON_MIN) problems.push(`${id} needs a reason (at least ${WAIVER_REASON_MIN} characters)`);
    else waivers.set(id, reason);
  }
  if (problems.length > 0) throw new ConfigError(`invalid configuration: SECURITY_WAIVERS: ${problems.join('; ')}`);
  return waivers;
}

/** Runs every rule (distinct ids) against the context. */
export async function evaluateSecurityRules(rules: readonly SecurityRule[], context: SecurityContext): Promise<SecurityReport> {
  const env = loadConfig(baseEnv, { ...context.env });
  const unique = [...new Map(rules.map((r) => [r.id, r])).values()];
  const waivers = parseWaivers(env.SECURITY_WAIVERS, unique);
  const report = { profile: env.TSUNAGU_PROFILE, passed: [] as SecurityRule[], blocking: [] as RuleOutcome[], advisories: [] as RuleOutcome[], waived: [] as RuleOutcome[] };
  for (const rule of unique) {
    // a rule that cannot look (the database unreachable) is not a rule that holds
    const problem = await Promise.resolve()
      .then(() => rule.check(context))
      .catch((err: unknown) => `could not be checked (${err instanceof Error ? err.message : String(err)})`);
    if (problem === null) report.passed.push(rule);
    else if (waivers.has(rule.id)) report.waived.push({ rule, problem, waiver: waivers.get(rule.id) });
    else if (rule.advisory) report.advisories.push({ rule, problem });
    else report.blocking.push({ rule, problem });
  }
  return report;
}

/** The refusal text: every blocking rule with its id, what is wrong and the fix. */
export function refusalMessage(report: SecurityReport): string {
  const lines = report.blocking.map((o) => `[${o.rule.id}] ${o.problem}; fix: ${o.rule.fix}`);
  return `security profile ${report.profile}: refused to start, ${report.blocking.length} rule(s) violated: ${lines.join(' | ')}`;
}

/**
 * Checks the profile at start-up. Production: a blocking violation throws a
 * ConfigError naming each rule (exit code 78); advisories and waivers are logged
 * once. Development: nothing stops the process; it logs which rules it relaxes.
 */
export async function enforceSecurityProfile(
  rules: readonly SecurityRule[],
  context: SecurityContext,
  logger: Logger = createLogger('security'),
): Promise<SecurityReport> {
  const report = await evaluateSecurityRules(rules, context);
  if (report.profile === 'development') {
    const relaxed = [...report.blocking, ...report.advisories, ...report.waived];
    if (relaxed.length > 0) {
      logger.info('development profile: security rules relaxed (TSUNAGU_PROFILE=production enforces them)', { relaxed: relaxed.map((o) => `${o.rule.id}: ${o.problem}`) });
    }
    return report;
  }
  for (const o of report.waived) logger.warn('security rule waived', { rule: o.rule.id, problem: o.problem, waiver: o.waiver });
  for (const o of report.advisories) logger.warn('security advisory', { rule: o.rule.id, problem: o.problem, fix: o.rule.fix });
  if (report.blocking.length > 0) throw new ConfigError(refusalMessage(report));
  logger.info('security profile production: every rule holds', { rules: report.passed.length, waived: report.waived.length, advisories: report.advisories.length });
  return report;
}
