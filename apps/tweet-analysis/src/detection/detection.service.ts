import { Inject, Injectable } from '@nestjs/common';
import { TOPICS, type TransitDisruptionV1, type TweetV2 } from '@tsunagu/contracts';
import { createLogger, PLATFORM_TOKENS, ServiceDatabase, StateCache, type Cause, type Clock, type Delivery, type Tx } from '@tsunagu/platform';
import {
  emptyLineState,
  isQuietFor,
  LineBurstDetector,
  tokyoGazetteer,
  TweetAnalyser,
  type LineReport,
} from '@tsunagu/tweet-analysis';
import type { TweetAnalysisOptions } from '../tweet-analysis.config';
import { TWEET_ANALYSIS_OPTIONS } from '../tweet-analysis.constants';
import { DetectionRepository, type StoredLineState } from './detection.repository';
import { toDisruptionEvent } from './disruption-event.mapper';

/** A consumed tweet with its line reports (classified before the transaction opened). */
export type TweetDelivery = Pick<Delivery<TweetV2, readonly LineReport[]>, 'value' | 'cause' | 'prepared'>;

export interface BatchOutcome {
  readonly tweets: number;
  readonly reports: number;
  readonly duplicates: number;
  /** tweets written further past the wall clock than the allowed skew: not counted */
  readonly future: number;
  readonly events: readonly TransitDisruptionV1[];
}

/** Prune old reports once in this many batches. */
const PRUNE_EVERY_BATCHES = 200;

/**
 * Train-delay detection (pair 4's engagement service). Each tweet is classified
 * and its lines and stations found before the transaction (`analyse`, pure);
 * then, in the consumer's transaction (which also holds the partition's offset),
 * the new reports are recorded (the tweet id deduplicates), the analysis clock
 * advances (the newest tweet createdAt), the burst detector of every touched or
 * active line steps (each line on its own clock: its newest report, or the
 * stream's clock when it has none; a tweet stamped further than
 * `maxClockSkewMs` past the wall clock moves no clock and is not counted), the states and the change log are saved and the changes go
 * into the outbox: they are published once the transaction has committed, never
 * for one that did not. A replayed change carries the same id.
 *
 * Each change's lineage (its cause) is the tweet that made the detector emit it:
 * the line's newest new report in the batch, or, when the line had none (a
 * window that emptied as tweet time moved on), the tweet that moved the clock.
 *
 * The tweet clock only moves while tweets arrive, so a disruption whose reports
 * simply stop would never end if the stream went silent: `endQuietLines` (the
 * quiet-lines job) also ends a line's disruption once it has received no delay
 * report for `quietTimeoutMs` of wall clock, with the same log and outbox.
 */
@Injectable()
export class DetectionService {
  private readonly logger = createLogger('tweet-analysis.detection');
  private readonly analyser = new TweetAnalyser();
  private readonly gazetteer = tokyoGazetteer();
  private readonly detector: LineBurstDetector;
  /** the line states this instance wrote, by row version: a batch reads back versions, not states, while no one else writes them */
  private readonly cache = new StateCache<StoredLineState>();
  private batches = 0;

  constructor(
    private readonly repo: DetectionRepository,
    private readonly db: ServiceDatabase,
    @Inject(TWEET_ANALYSIS_OPTIONS) private readonly options: TweetAnalysisOptions,
    @Inject(PLATFORM_TOKENS.clock) private readonly clock: Clock,
  ) {
    this.detector = new LineBurstDetector(options.burst);
  }

  /** The line reports of one tweet (CPU only: runs before the transaction). */
  analyse(tweet: TweetV2): readonly LineReport[] {
    return this.analyser.analyse({ id: tweet.id, author: tweet.author, text: tweet.text, createdAt: tweet.createdAt }).reports;
  }

  /** Applies new tweets of one partition batch inside the consumer's transaction. */
  async apply(tx: Tx, deliveries: ReadonlyArray<TweetDelivery>): Promise<BatchOutcome> {
    if (deliveries.length === 0) return { tweets: 0, reports: 0, duplicates: 0, future: 0, events: [] };
    const wallNow = this.clock.now();
    // a tweet from the future moves no clock and counts for nothing (bounded by the wall clock)
    const latest = wallNow + this.options.maxClockSkewMs;
    const timely = deliveries.filter((d) => d.value.createdAt <= latest);
    let newest = 0;
    for (const d of timely) if (d.value.createdAt > newest) newest = d.value.createdAt;
    const now = await this.repo.advanceClock(tx, newest);
    const candidates = timely.flatMap((d) => d.prepared);
    const { fresh: reports, activeLineIds } = await this.repo.insertReports(tx, candidates);
    const byLine = new Map<string, LineReport[]>();
    for (const r of reports) {
      const own = byLine.get(r.lineId);
      if (own) own.push(r);
      else byLine.set(r.lineId, [r]);
    }
    const lineIds = [...new Set([...byLine.keys(), ...activeLineIds])].sort();
    const states = this.cache.take(await this.repo.loadStates(tx, lineIds, this.cache.versionsOf(lineIds), this.detector));
    const causeOf = changeCauses(timely.length > 0 ? timely : deliveries, byLine);
    const next: StoredLineState[] = [];
    const changes: Array<{ value: TransitDisruptionV1; cause: Cause }> = [];
    for (const lineId of lineIds) {
      const stored = states.get(lineId);
      const own = byLine.get(lineId) ?? [];
      // per line: its own newest report, or, without one, the stream's clock (a silent line's window empties as tweet time moves on)
      const lineNow = own.length > 0 ? own.reduce((t, r) => (r.ts > t ? r.ts : t), -Infinity) : now;
      const step = this.detector.step(stored?.state ?? emptyLineState(lineId), own, lineNow);
      // the quiet timeout counts from the last report the detector took in (wall clock)
      const reported = own.some((r) => r.ts > (step.state.clockAt ?? lineNow) - this.options.burst.windowMs);
      next.push({ state: step.state, lastReportWallMs: reported || !stored ? wallNow : stored.lastReportWallMs });
      changes.push(...step.changes.map((c) => ({ value: toDisruptionEvent(c, this.gazetteer), cause: causeOf(lineId) })));
    }
    await this.saveStates(tx, next);
    await this.record(tx, changes);
    if (++this.batches % PRUNE_EVERY_BATCHES === 0) await this.repo.pruneReports(tx, now - this.options.reportRetentionMs);
    const future = deliveries.length - timely.length;
    if (future > 0) this.logger.warn('tweets ahead of the clock not counted', { tweets: future, maxClockSkewMs: this.options.maxClockSkewMs });
    return { tweets: deliveries.length, reports: reports.length, duplicates: candidates.length - reports.length, future, events: changes.map((c) => c.value) };
  }

  /**
   * Ends the disruption of every line that has received no delay report for
   * `quietTimeoutMs` of wall clock. Takes the analysis-clock lock first (as
   * batches do) and re-reads each line under its row lock; the end goes out
   * through the outbox once committed, and the line is then no longer active, so
   * an end is never emitted twice — after a restart too, since all of it is in
   * PostgreSQL. `cause` is what ran it (the job), the ends' lineage.
   */
  async endQuietLines(cause: Cause): Promise<TransitDisruptionV1[]> {
    return this.db.transaction(async (tx) => {
      const now = await this.repo.lockClock(tx);
      const wallNow = this.clock.now();
      const lineIds = await this.repo.quietActiveLineIds(tx, wallNow - this.options.quietTimeoutMs);
      if (lineIds.length === 0) return [];
      const states = this.cache.take(await this.repo.loadStates(tx, lineIds, this.cache.versionsOf(lineIds), this.detector));
      const next: StoredLineState[] = [];
      const changes: Array<{ value: TransitDisruptionV1; cause: Cause }> = [];
      for (const lineId of lineIds) {
        const stored = states.get(lineId);
        if (!stored || !isQuietFor(stored.lastReportWallMs, wallNow, this.options.quietTimeoutMs)) continue;
        const out = this.detector.endQuiet(stored.state, now, wallNow);
        next.push({ state: out.state, lastReportWallMs: stored.lastReportWallMs });
        changes.push(...out.changes.map((c) => ({ value: toDisruptionEvent(c, this.gazetteer), cause })));
      }
      await this.saveStates(tx, next);
      await this.record(tx, changes, { quietForMs: this.options.quietTimeoutMs });
      return changes.map((c) => c.value);
    });
  }

  private async saveStates(tx: Tx, states: readonly StoredLineState[]): Promise<void> {
    const versions = await this.repo.saveStates(tx, states);
    this.cache.remember(states.map((s) => ({ id: s.state.lineId, state: s, version: versions.get(s.state.lineId)! })));
  }

  /** Logs the changes and stages them in the outbox (the disruption id is their correlation id, start to end). */
  private async record(tx: Tx, changes: ReadonlyArray<{ value: TransitDisruptionV1; cause: Cause }>, context: Record<string, unknown> = {}): Promise<void> {
    if (changes.length === 0) return;
    await this.repo.logDisruptions(tx, changes.map((c) => c.value));
    tx.publish(TOPICS.transitDisruptions, changes.map(({ value, cause }) => ({ value, cause, correlationId: value.disruptionId })));
    for (const { value: e } of changes) {
      this.logger.info(`disruption ${e.status}`, { disruptionId: e.disruptionId, line: e.lineId, kind: e.kind, stations: e.stations.length, confidence: e.confidence, ...context });
    }
  }
}

/**
 * The cause of a line's change in this batch: the tweet of the line's newest new
 * report (the one that completed the window), else the tweet that moved the clock.
 */
function changeCauses(deliveries: ReadonlyArray<TweetDelivery>, byLine: ReadonlyMap<string, readonly LineReport[]>): (lineId: string) => Cause {
  const byTweet = new Map<string, Cause>();
  let clockMover = deliveries[0]!;
  for (const d of deliveries) {
    if (!byTweet.has(d.value.id)) byTweet.set(d.value.id, d.cause);
    if (d.value.createdAt > clockMover.value.createdAt) clockMover = d;
  }
  return (lineId) => {
    const newest = (byLine.get(lineId) ?? []).reduce<LineReport | null>((best, r) => (!best || r.ts >= best.ts ? r : best), null);
    return (newest && byTweet.get(newest.tweetId)) ?? clockMover.cause;
  };
}
