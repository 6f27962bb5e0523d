/**
 * Checks an environment against the production profile's rules, the same code the
 * services run at start-up: `npm run -s security:check` (in CI: with the deployment's
 * variables exported). Every rule of every service is checked as if
 * TSUNAGU_PROFILE=production. With DATABASE_URL set it connects to check the role
 * (`--offline` skips that). Exit code 1 when a blocking rule is violated.
 */
import { PLATFORM_SECURITY_RULES, evaluateSecurityRules, loadConfig, databaseEnv, type RuleOutcome } from '@tsunagu/platform';
import { SERVICE_DEFINITIONS } from '@apps/platform';

async function main(): Promise<number> {
  const env = { ...process.env, TSUNAGU_PROFILE: 'production' };
  const rules = [...PLATFORM_SECURITY_RULES, ...SERVICE_DEFINITIONS.flatMap((d) => d.securityRules ?? [])];
  const databaseUrl = process.argv.includes('--offline') ? undefined : loadConfig(databaseEnv, env).DATABASE_URL;
  const report = await evaluateSecurityRules(rules, { env, databaseUrl });
  const line = (mark: string, o: RuleOutcome, extra: string): string => `${mark} ${o.rule.id}: ${o.problem}; ${extra}`;
  const out = [
    ...report.passed.map((r) => (r.id === 'database-not-superuser' && !databaseUrl ? `skipped  ${r.id}` : `ok       ${r.id}`)),
    ...report.waived.map((o) => line('WAIVED  ', o, `waiver: ${o.waiver}`)),
    ...report.advisories.map((o) => line('ADVISORY', o, `fix: ${o.rule.fix}`)),
    ...report.blocking.map((o) => line('FAIL    ', o, `fix: ${o.rule.fix} (why: ${o.rule.reason})`)),
  ];
  if (!databaseUrl) out.push('(database-not-superuser is checked at start-up, or here when DATABASE_URL is set without --offline)');
  process.stdout.write(`${out.join('\n')}\n${report.blocking.length === 0 ? 'production profile: compliant' : `production profile: ${report.blocking.length} rule(s) violated`}\n`);
  return report.blocking.length === 0 ? 0 : 1;
}

main().then(
  (code) => (process.exitCode = code),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 2;
  },
);
