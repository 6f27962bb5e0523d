import type { ChaosPlan } from './chaos-run';

type Plan = Omit<ChaosPlan, 'workDir' | 'log'>;

/** Inside `npm test`: one fault of each kind, as small as still proves something (a few minutes). */
export const SHORT_PLAN: Plan = {
  name: 'short',
  machines: 4,
  readingsPerMachine: 400,
  fleet: { window: 5, paceMs: 600, ackTimeoutMs: 20_000 },
  instances: { ingest: 2, analysis: 2, maintenance: 1 },
  faults: ['kill-ingest-broker', 'kill-operation-analysis', 'kill-maintenance', 'kafka-stop-start', 'postgres-restart'],
  outageMs: 2000,
  settleMs: 500,
  singleProcess: { machines: 2, readingsPerMachine: 300 },
};

/** `npm run chaos`: every instance of every kind killed, longer outages, a bigger fleet (about ten minutes). */
export const FULL_PLAN: Plan = {
  name: 'full',
  machines: 12,
  readingsPerMachine: 1500,
  fleet: { window: 10, paceMs: 1500, ackTimeoutMs: 45_000 },
  instances: { ingest: 2, analysis: 2, maintenance: 2 },
  faults: [
    'kill-ingest-broker',
    'kill-operation-analysis',
    'kill-maintenance',
    'kafka-stop-start',
    'kill-ingest-broker',
    'kill-operation-analysis',
    'kill-maintenance',
    'postgres-restart',
  ],
  outageMs: 15_000,
  settleMs: 3000,
  singleProcess: { machines: 4, readingsPerMachine: 600 },
};
