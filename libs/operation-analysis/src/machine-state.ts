import type { MachineEngineState } from './detectors/utilisation';

/** A reading as evidence: when, which metric, what value (the contract's evidence shape). */
export interface EvidenceReading {
  readonly ts: number;
  readonly metric: string;
  readonly value: number;
}

/** Where a reading came from on the bus; findings carry the offset range that led to them. */
export interface ReadingOrigin {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
}

/** Limit detector state per metric. */
export interface LimitState {
  phase: 'normal' | 'pending' | 'active';
  /** ts and offset of the first reading beyond the limit in this excursion */
  since: number;
  sinceOffset: string;
  /** the worst value of this excursion */
  peak: number;
  /** severity already reported for this excursion (rank), -1 when none */
  reportedRank: number;
  evidence: EvidenceReading[];
}

/** A robust running baseline of one metric in one operating state. */
export interface BaselineState {
  /** readings seen */
  n: number;
  /** EWMA of the value with clipped residuals (the machine's own normal) */
  centre: number;
  /** EWMA of the clipped absolute deviation (≈ 0.8 σ for normal noise) */
  spread: number;
}

/** A run of consecutive anomalous readings of one metric. */
export interface AnomalyRun {
  count: number;
  since: number;
  sinceOffset: string;
  worstZ: number;
  evidence: EvidenceReading[];
}

/** Down-sampled series of one metric in one operating state for the trend fit. */
export interface TrendState {
  /** start of the open bucket, epoch ms; -1 when none */
  bucketStart: number;
  sum: number;
  count: number;
  bucketOffset: string;
  /** closed buckets: [bucket mid ts (ms), mean, offset of the bucket's first reading] */
  points: Array<[number, number, string]>;
}

export interface ServiceState {
  /** engine hours at which the task is next due */
  nextDueHours: number;
  /** severity rank already reported for the current due date, -1 when none */
  reportedRank: number;
}

export interface UtilisationState {
  /** UTC day, YYYY-MM-DD */
  day: string;
  /** the same day as whole days since the epoch (cheap to compare per reading) */
  dayIndex: number;
  seconds: Record<MachineEngineState, number>;
}

/**
 * Everything the analyser keeps per machine to judge the next reading. Plain
 * JSON, so the service stores it with the consumer offset in one transaction.
 */
export interface MachineState {
  v: 1;
  machineId: string;
  model: string;
  lastSeq: number;
  lastTs: number;
  engineHours: number;
  engineState: MachineEngineState;
  /** ts of the first reading in the current engine state (transients after a change are not judged) */
  stateSince: number;
  limits: Record<string, LimitState>;
  /** key `${metric}|${engineState}` */
  baselines: Record<string, BaselineState>;
  /** key metric */
  anomalies: Record<string, AnomalyRun>;
  /** key `${metric}|${engineState}` */
  trends: Record<string, TrendState>;
  /** key task */
  service: Record<string, ServiceState>;
  /** highest severity rank already reported, key `${dedupKey}|${kind}` (cleared when a work order closes) */
  reported: Record<string, number>;
  util: UtilisationState | null;
}

export function createMachineState(machineId: string, model: string): MachineState {
  return {
    v: 1,
    machineId,
    model,
    lastSeq: -1,
    lastTs: -1,
    engineHours: 0,
    engineState: 'off',
    stateSince: -1,
    limits: {},
    baselines: {},
    anomalies: {},
    trends: {},
    service: {},
    reported: {},
    util: null,
  };
}
