/**
 * The chaos suite's short version (one fault of each kind) inside `npm test`; the
 * full run is `npm run chaos`. The suite runs as its own process (scripts/chaos.ts):
 * it starts and kills processes, a Kafka and PostgreSQL servers of its own, which
 * is no work for jest's module registry. What is run and what is proved from the
 * records: test/chaos/chaos-run.ts.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { uniqueId } from '../support/test-env';
import { SHORT_PLAN } from './chaos-plans';
import type { ChaosReport } from './chaos-run';

const ROOT = resolve(__dirname, '..', '..');
const BOUND_MS = 540_000;

function runSuite(reportPath: string, workDir: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolvePromise) => {
    const child = spawn(process.execPath, ['-r', '@swc-node/register', resolve(ROOT, 'scripts', 'chaos.ts'), '--plan', 'short', '--report', reportPath, '--work-dir', workDir], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const timer = setTimeout(() => child.kill('SIGTERM'), BOUND_MS);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolvePromise({ code, output });
    });
  });
}

describe('chaos (short): separate services and the single process under SIGKILL, Kafka and PostgreSQL outages', () => {
  it('loses nothing, analyses each reading once, opens one work order per fault episode, and /health tells the truth', async () => {
    const dir = resolve(process.env.TEST_RUN_DIR ?? resolve(ROOT, '.data'), uniqueId('chaos-'));
    const reportPath = resolve(dir, 'chaos.json');
    const { code, output } = await runSuite(reportPath, dir);
    if (code !== 0) throw new Error(`npm run chaos -- --plan short exited ${code}:\n${output}`);
    process.stdout.write(`\n${output.slice(output.indexOf('chaos short:'))}\n`);
    const report = JSON.parse(readFileSync(reportPath, 'utf8')) as ChaosReport;
    expect(report.ok).toBe(true);
    expect(report.faults.map((f) => f.fault).sort()).toEqual([...SHORT_PLAN.faults, 'single-process-restart'].sort());
    expect(report.faults.every((f) => f.ok)).toBe(true);
    expect(report.services).toMatchObject({ missingOnBus: 0, missingRecords: 0, duplicateRecords: 0, analysedExactlyOnce: SHORT_PLAN.machines });
    expect(report.singleProcess).toMatchObject({ missingOnBus: 0, missingRecords: 0, duplicateRecords: 0, analysedExactlyOnce: SHORT_PLAN.singleProcess!.machines });
  }, BOUND_MS + 30_000);
});
