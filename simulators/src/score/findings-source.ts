import type { FindingSourceName, GroundTruth } from '../scenario/ground-truth';

/**
 * Which clock a finding's time is on: `sim` = the readings' own time (what the
 * detectors see), `wall` = when a record system stored it.
 */
export type FindingClock = 'sim' | 'wall';

/** Something a record system holds that an injection may have caused. */
export interface ObservedFinding {
  readonly source: FindingSourceName;
  /** device id, ticker or line id */
  readonly subject: string;
  /** other names of the subject (a line's name) */
  readonly subjectNames?: readonly string[];
  /** maintenance: component; call centre: incident kind; trading: buy/sell; dispatch: delay/suspension */
  readonly kind: string;
  /** epoch ms of the detection */
  readonly at: number;
  readonly clock: FindingClock;
  /** the record's id (work order, case, order, disruption) */
  readonly ref: string;
}

export type FindingsResult =
  | { readonly status: 'ok'; readonly findings: readonly ObservedFinding[] }
  | { readonly status: 'unavailable'; readonly reason: string };

/**
 * One record system's findings, read through its REST API. Implementations never
 * throw for a missing endpoint or an unreachable service: they say `unavailable`.
 */
export interface FindingsSource {
  readonly name: FindingSourceName;
  fetch(truth: GroundTruth): Promise<FindingsResult>;
}
