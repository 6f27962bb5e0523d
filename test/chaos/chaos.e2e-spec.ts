/**
 * The chaos suite's short version (one fault of each kind) inside `npm test`; the
 * full run is `npm run chaos` (scripts/chaos.ts). See test/chaos/chaos-run.ts for
 * what is run and what is proved from the records.
 */
import { resolve } from 'node:path';
import { setLogLevel } from '@tsunagu/platform';
import { SHORT_PLAN } from './chaos-plans';
import { formatReport, runChaos, type ChaosReport } from './chaos-run';

describe('chaos (short): separate services and the single process under SIGKILL, Kafka and PostgreSQL outages', () => {
  const lines: string[] = [];
  let report: ChaosReport | null = null;

  beforeAll(() => setLogLevel('silent'));
  afterAll(() => {
    if (report) process.stdout.write(`\n${formatReport(report)}\n`);
  });

  it('loses nothing, analyses each reading once, opens one work order per fault episode, and /health tells the truth', async () => {
    try {
      report = await runChaos({ ...SHORT_PLAN, workDir: resolve(process.env.TEST_RUN_DIR ?? '.data', 'chaos'), log: (l) => lines.push(`${new Date().toISOString()} ${l}`) });
    } catch (err) {
      throw new Error(`${(err as Error).message}\n${lines.join('\n')}`);
    }
    if (!report.ok) throw new Error(`${formatReport(report)}\n\n${lines.join('\n')}`);
    expect(report.faults.map((f) => f.fault).sort()).toEqual([...SHORT_PLAN.faults, 'single-process-restart'].sort());
    expect(report.services).toMatchObject({ missingOnBus: 0, missingWorkOrders: 0, duplicateWorkOrders: 0, analysedExactlyOnce: SHORT_PLAN.machines });
    expect(report.singleProcess).toMatchObject({ missingOnBus: 0, missingWorkOrders: 0, duplicateWorkOrders: 0, analysedExactlyOnce: SHORT_PLAN.singleProcess!.machines });
  }, 600_000);
});
