import type { ReportKind } from '../classifier/delay-report.assessor';

export interface BurstConfig {
  /** ms per baseline bucket */
  readonly bucketMs: number;
  /** ms of the sliding window the reports are counted in */
  readonly windowMs: number;
  /** reports in the window needed to start a disruption, whatever the baseline */
  readonly minReports: number;
  /** distinct authors in the window needed (one angry commuter is not a disruption) */
  readonly minAuthors: number;
  /** the window count must be this many times the baseline's expected count */
  readonly startFactor: number;
  /** reports per bucket the baseline never falls below (keeps the threshold meaningful on quiet lines) */
  readonly baselineFloor: number;
  /** EWMA weight of one bucket in the baseline (0.02 per minute: a half-life of about 35 minutes) */
  readonly baselineAlpha: number;
  /** a disruption ends when the window holds fewer reports than this */
  readonly endBelow: number;
  /** reports kept per line (the window's evidence) */
  readonly maxRecent: number;
  /** sample tweets carried by a disruption */
  readonly maxSamples: number;
  /** stations carried by a disruption */
  readonly maxStations: number;
}

export const DEFAULT_BURST_CONFIG: BurstConfig = {
  bucketMs: 60_000,
  windowMs: 10 * 60_000,
  minReports: 5,
  minAuthors: 3,
  startFactor: 4,
  baselineFloor: 0.05,
  baselineAlpha: 0.02,
  endBelow: 2,
  maxRecent: 200,
  maxSamples: 5,
  maxStations: 20,
};

export interface RecentReport {
  readonly id: string;
  readonly author: string;
  readonly ts: number;
  readonly kind: ReportKind;
  readonly confidence: number;
  readonly stations: readonly string[];
  readonly text: string;
}

export interface ActiveDisruption {
  readonly disruptionId: string;
  readonly startedAt: number;
  readonly kind: ReportKind;
  readonly confidence: number;
  /** station id → reports naming it, since the start */
  readonly stationCounts: Readonly<Record<string, number>>;
  readonly sampleTweets: ReadonlyArray<{ readonly id: string; readonly text: string }>;
  readonly lastReportAt: number;
}

/** Per-line detector state; plain JSON, so the service keeps it in its database. */
export interface LineBurstState {
  readonly lineId: string;
  /** EWMA of reports per bucket while the line is quiet */
  readonly baseline: number;
  /** start (ms) of the first bucket not yet folded into the baseline; 0 = not started */
  readonly baselineAt: number;
  /** bucket start (ms) → reports, for buckets not yet folded into the baseline */
  readonly pending: Readonly<Record<string, number>>;
  /** reports inside the window, by time */
  readonly recent: readonly RecentReport[];
  readonly active: ActiveDisruption | null;
  /**
   * set when a disruption was ended by the quiet timeout: reports written at or
   * before this (tweet time, ms) belong to it and are ignored
   */
  readonly spentUntil?: number;
  /**
   * the line's own analysis clock (tweet time, ms): the latest `now` it was stepped
   * to. It never goes back, and another line's tweets never move it (per subject)
   */
  readonly clockAt?: number;
}

export interface DisruptionChange {
  readonly status: 'started' | 'ended';
  readonly disruptionId: string;
  readonly lineId: string;
  readonly kind: ReportKind;
  readonly startedAt: number;
  readonly endedAt?: number;
  readonly confidence: number;
  /** station ids, most reported first */
  readonly stationIds: readonly string[];
  readonly sampleTweets: ReadonlyArray<{ readonly id: string; readonly text: string }>;
  /** the analysis clock when the change was found */
  readonly at: number;
}
