/**
 * The chaos suite (`npm run chaos`): the full plan of test/chaos/chaos-plans.ts on a
 * Kafka and a PostgreSQL of its own, loopback only. Prints progress and a table per
 * fault, writes reports/chaos.json, exits 1 when anything was lost, duplicated or
 * misreported.
 *
 *   npm run chaos                  # the full plan: every pair, every kind of fault (about ten minutes)
 *   npm run chaos -- --plan short  # the version inside npm test (pair 1)
 *   npm run chaos -- --plan small  # every pair and fault once, few records (CHAOS_PLAN=small works too)
 *   npm run chaos -- --plan short --faults kill-ingest-broker,postgres-restart
 *   … --report <file.json> --work-dir <dir>   # where the report and the servers' data go
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { setLogLevel } from '../libs/platform/src/logging/logger';
import { PLANS } from '../test/chaos/chaos-plans';
import { formatReport, runChaos } from '../test/chaos/chaos-run';

const ROOT = resolve(__dirname, '..');
const BOUND_MS = 30 * 60_000;

async function main(): Promise<number> {
  const i = process.argv.indexOf('--plan');
  // the script's own switch, read here like its flags (the suite has no service configuration)
  const name = (i > 0 ? process.argv[i + 1] : process.env.CHAOS_PLAN) ?? 'full';
  const plan = PLANS[name];
  if (!plan) throw new Error(`unknown plan ${name} (${Object.keys(PLANS).join(' | ')})`);
  const only = process.argv.indexOf('--faults');
  const faults = only > 0 ? (process.argv[only + 1]!.split(',') as typeof plan.faults[number][]) : plan.faults;
  setLogLevel('error');
  const t0 = Date.now();
  const log = (line: string) => process.stdout.write(`[chaos +${((Date.now() - t0) / 1000).toFixed(1)} s] ${line}\n`);
  const bound = setTimeout(() => {
    log(`bounded at ${BOUND_MS / 60_000} min: giving up`);
    process.exit(2);
  }, BOUND_MS);
  bound.unref();
  const arg = (flag: string) => (process.argv.includes(flag) ? process.argv[process.argv.indexOf(flag) + 1] : undefined);
  const workDir = resolve(arg('--work-dir') ?? resolve(ROOT, '.data'), `chaos-${process.pid}`);
  const report = await runChaos({ ...plan, faults, workDir, log });
  const out = resolve(arg('--report') ?? resolve(ROOT, 'reports', name === 'full' ? 'chaos.json' : `chaos-${name}.json`));
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
  process.stdout.write(`\n${formatReport(report)}\n\nreport: ${out}\n`);
  return report.ok ? 0 : 1;
}

// exit explicitly: clients of servers that are gone may keep timers alive
main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`chaos: ${(err as Error).stack ?? String(err)}\n`);
    process.exit(1);
  },
);
