import type { ChaosPlan } from './chaos-run';

type Plan = Omit<ChaosPlan, 'workDir' | 'log'>;

/** Inside `npm test`: pair 1 only, one fault of each kind, as small as still proves something (a few minutes). */
export const SHORT_PLAN: Plan = {
  name: 'short',
  machines: 4,
  readingsPerMachine: 400,
  vehicles: null,
  tweets: null,
  fleet: { window: 5, paceMs: 600, ackTimeoutMs: 20_000 },
  instances: { 'ingest-broker': 2, 'operation-analysis': 2, maintenance: 1 },
  faults: ['kill-ingest-broker', 'kill-operation-analysis', 'kill-maintenance', 'kafka-stop-start', 'postgres-restart'],
  outageMs: 2000,
  settleMs: 500,
  singleProcess: { machines: 2, readingsPerMachine: 300 },
};

/** Two instances of every consumer group, one of each system of record (and of the others that serve one pair). */
const EVERY_GROUP = {
  'ingest-broker': 2,
  'operation-analysis': 2,
  maintenance: 2,
  'vehicle-monitoring': 2,
  'call-centre': 1,
  'tweet-analysis': 2,
  dispatch: 1,
  'market-sentiment': 2,
  trading: 1,
  'telemetry-history': 2,
} as const;

/** A SIGKILL of each kind of service that is not an ingest broker (those are killed apart, between other faults). */
const KILL_CONSUMERS = [
  'kill-operation-analysis',
  'kill-maintenance',
  'kill-vehicle-monitoring',
  'kill-call-centre',
  'kill-tweet-analysis',
  'kill-dispatch',
  'kill-market-sentiment',
  'kill-trading',
  'kill-telemetry-history',
] as const;

/** `npm run chaos -- --plan small`: every pair and every kind of fault once, few records (for working on the suite itself). */
export const SMALL_PLAN: Plan = {
  ...SHORT_PLAN,
  name: 'small',
  machines: 2,
  vehicles: { count: 2, readingsPerVehicle: 400 },
  tweets: { transitEpisodes: 2, marketEpisodes: 2, gapMs: 5000 },
  instances: EVERY_GROUP,
  faults: ['kill-ingest-broker', ...KILL_CONSUMERS, 'kafka-stop-start', 'postgres-restart'],
  singleProcess: null,
};

/** `npm run chaos`: every pair, every kind of service killed (the brokers and pair 1's groups on each instance), longer outages, bigger fleets (about ten minutes). */
export const FULL_PLAN: Plan = {
  name: 'full',
  machines: 12,
  readingsPerMachine: 1500,
  vehicles: { count: 8, readingsPerVehicle: 1500 },
  tweets: { transitEpisodes: 6, marketEpisodes: 8, gapMs: 25_000 },
  fleet: { window: 10, paceMs: 1500, ackTimeoutMs: 45_000 },
  instances: EVERY_GROUP,
  faults: [
    'kill-ingest-broker',
    'kill-operation-analysis',
    'kill-vehicle-monitoring',
    'kill-tweet-analysis',
    'kill-market-sentiment',
    'kafka-stop-start',
    'kill-ingest-broker',
    'kill-maintenance',
    'kill-call-centre',
    'kill-dispatch',
    'kill-trading',
    'kill-telemetry-history',
    'postgres-restart',
    'kill-operation-analysis',
    'kill-maintenance',
  ],
  outageMs: 15_000,
  settleMs: 3000,
  singleProcess: { machines: 4, readingsPerMachine: 600 },
};

export const PLANS: Record<string, Plan> = { short: SHORT_PLAN, small: SMALL_PLAN, full: FULL_PLAN };
