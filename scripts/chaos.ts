/**
 * The chaos suite (`npm run chaos`): the full plan of test/chaos/chaos-plans.ts on a
 * Kafka and a PostgreSQL of its own, loopback only. Prints progress and a table per
 * fault, writes reports/chaos.json, exits 1 when anything was lost, duplicated or
 * misreported.
 *
 *   npm run chaos                  # the full plan (about ten minutes)
 *   npm run chaos -- --plan short  # the version inside npm test
 *   npm run chaos -- --plan short --faults kill-ingest-broker,postgres-restart
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { setLogLevel } from '../libs/platform/src/logging/logger';
import { FULL_PLAN, SHORT_PLAN } from '../test/chaos/chaos-plans';
import { formatReport, runChaos } from '../test/chaos/chaos-run';

const ROOT = resolve(__dirname, '..');
const BOUND_MS = 30 * 60_000;

async function main(): Promise<void> {
  const i = process.argv.indexOf('--plan');
  const name = i > 0 ? process.argv[i + 1] : 'full';
  const plan = name === 'short' ? SHORT_PLAN : name === 'full' ? FULL_PLAN : null;
  if (!plan) throw new Error(`unknown plan ${name} (short | full)`);
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
  const report = await runChaos({ ...plan, faults, workDir: resolve(ROOT, '.data', `chaos-${process.pid}`), log });
  mkdirSync(resolve(ROOT, 'reports'), { recursive: true });
  const out = resolve(ROOT, 'reports', name === 'full' ? 'chaos.json' : `chaos-${name}.json`);
  writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
  process.stdout.write(`\n${formatReport(report)}\n\nreport: ${out}\n`);
  process.exitCode = report.ok ? 0 : 1;
}

main().catch((err: unknown) => {
  process.stderr.write(`chaos: ${(err as Error).stack ?? String(err)}\n`);
  process.exitCode = 1;
});
