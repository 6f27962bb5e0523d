import type { TransitDisruptionV1 } from '@tsunagu/contracts';
import type { LineBurstState, ReportKind } from '@tsunagu/tweet-analysis';
import { column, defineTable, type RowOf } from '@tsunagu/platform';
import { TWEET_ANALYSIS } from './tweet-analysis.constants';

const S = TWEET_ANALYSIS.schema;

/**
 * The analysis clock: one row (id 1), the newest tweet createdAt seen (epoch ms).
 * Its row lock serialises the batches of every partition and the quiet-lines job:
 * tweets are keyed by tweet id, so any partition may touch any line.
 */
export const clockTable = defineTable(S, 'clock', {
  id: column.smallint(),
  watermark: column.bigint(),
});

/** A tweet that reported a delay or suspension on a line; (tweet id, line) deduplicates. */
export const delayReportsTable = defineTable(S, 'delay_reports', {
  tweetId: column.text(),
  lineId: column.text(),
  /** the tweet's createdAt, epoch ms */
  ts: column.bigint(),
  author: column.text(),
  kind: column.text<ReportKind>(),
  confidence: column.real(),
  stations: column.textArray(),
  text: column.text(),
});

/**
 * A line's burst-detector state as stored: without its window (`recent`), whose
 * reports are rows of `delay_reports` (written once, when they came); the service
 * rebuilds the window from them when it reads a state. States written before
 * windows were left out still carry theirs.
 */
export type StoredBurstState = Omit<LineBurstState, 'recent'> & { readonly recent?: LineBurstState['recent'] };

/** The burst detector's state of one line (plain JSON from the pure library, without its window). */
export const lineStatesTable = defineTable(S, 'line_states', {
  lineId: column.text(),
  /** json, not jsonb: only ever read and written whole */
  state: column.json<StoredBurstState>(),
  activeDisruptionId: column.text().nullable(),
  updatedAt: column.timestamptz(),
  /** wall clock (epoch ms, the service's clock) when the line last received a delay report: the quiet timeout counts from it */
  lastReportWallMs: column.bigint(),
  /** drawn from `line_state_versions` on every write: the service's copy in memory (StateCache) is used only while it matches */
  version: column.bigint(),
});
export type LineStateRow = RowOf<typeof lineStatesTable>;

/** Every disruption change emitted, as published. */
export const disruptionLogTable = defineTable(S, 'disruptions', {
  disruptionId: column.text(),
  status: column.text<TransitDisruptionV1['status']>(),
  lineId: column.text(),
  payload: column.jsonb<TransitDisruptionV1>(),
  /** analysis clock (or, for a quiet end, the wall clock), epoch ms */
  emittedAt: column.bigint(),
});
export type DisruptionLogRow = RowOf<typeof disruptionLogTable>;

export const TWEET_ANALYSIS_TABLES = [clockTable, delayReportsTable, lineStatesTable, disruptionLogTable] as const;
