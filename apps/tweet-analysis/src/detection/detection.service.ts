import { Inject, Injectable } from '@nestjs/common';
import { HEADERS, TOPICS, type TransitDisruptionV1, type TweetV1 } from '@tsunagu/contracts';
import { createLogger, PLATFORM_TOKENS, type IncomingMessage, type MessageBus } from '@tsunagu/platform';
import {
  emptyLineState,
  isQuietFor,
  LineBurstDetector,
  tokyoGazetteer,
  TweetAnalyser,
  type LineReport,
} from '@tsunagu/tweet-analysis';
import { TWEET_ANALYSIS, TWEET_ANALYSIS_TOKENS, type Clock } from '../tweet-analysis.constants';
import type { TweetAnalysisOptions } from '../tweet-analysis.config';
import { DetectionRepository, type StoredLineState } from './detection.repository';
import { toDisruptionEvent } from './disruption-event.mapper';

export interface BatchOutcome {
  readonly tweets: number;
  readonly skipped: number;
  readonly reports: number;
  readonly duplicates: number;
  readonly events: readonly TransitDisruptionV1[];
}

/** Prune old reports once in this many batches. */
const PRUNE_EVERY_BATCHES = 200;

/**
 * Train-delay detection (pair 4's engagement service). Per partition batch:
 * classify each tweet and find its lines and stations (pure, outside the
 * transaction); then, in one transaction, skip what the stored offset says is
 * done, record the new reports (the tweet id deduplicates), advance the analysis
 * clock (the newest tweet createdAt), step the burst detector of every touched
 * or active line, save the states and the offset, and publish the disruption
 * changes before committing — a failed publish rolls everything back and the
 * batch is retried; a re-emitted change carries the same id.
 *
 * The tweet clock only moves while tweets arrive, so a disruption whose reports
 * simply stop would never end if the stream went silent: `endQuietLines` (run
 * on a timer) also ends a line's disruption once it has received no delay report
 * for `quietTimeoutMs` of wall clock — same transaction, log and publish rules.
 */
@Injectable()
export class DetectionService {
  private readonly logger = createLogger('tweet-analysis.detection');
  private readonly analyser = new TweetAnalyser();
  private readonly gazetteer = tokyoGazetteer();
  private readonly detector: LineBurstDetector;
  private batches = 0;

  constructor(
    private readonly repo: DetectionRepository,
    @Inject(PLATFORM_TOKENS.bus) private readonly bus: MessageBus,
    @Inject(TWEET_ANALYSIS_TOKENS.options) private readonly options: TweetAnalysisOptions,
    @Inject(TWEET_ANALYSIS_TOKENS.clock) private readonly clock: Clock,
  ) {
    this.detector = new LineBurstDetector(options.burst);
  }

  async handleBatch(topic: string, partition: number, items: ReadonlyArray<{ readonly value: TweetV1; readonly message: IncomingMessage }>): Promise<BatchOutcome> {
    const analysed = items.map(({ value, message }) => ({
      offset: BigInt(message.offset),
      createdAt: Date.parse(value.createdAt),
      reports: this.analyser.analyse({ id: value.id, author: value.author, text: value.text, createdAt: Date.parse(value.createdAt) }).reports,
    }));
    const lastOffset = items[items.length - 1]!.message.offset;
    const outcome = await this.repo.transaction(async (m) => {
      const done = await this.repo.lockOffset(m, topic, partition);
      const fresh = analysed.filter((a) => a.offset > done);
      if (fresh.length === 0) return { tweets: 0, skipped: items.length, reports: 0, duplicates: 0, events: [] };
      const now = await this.repo.advanceClock(m, Math.max(...fresh.map((a) => a.createdAt)));
      const candidates = fresh.flatMap((a) => a.reports);
      const reports = await this.repo.insertReports(m, candidates);
      const byLine = new Map<string, LineReport[]>();
      for (const r of reports) byLine.set(r.lineId, [...(byLine.get(r.lineId) ?? []), r]);
      const lineIds = [...new Set([...byLine.keys(), ...(await this.repo.activeLineIds(m))])].sort();
      const states = await this.repo.loadStates(m, lineIds);
      // the quiet timeout counts from the last report the detector took in (wall clock)
      const wallNow = this.clock.now();
      const reported = new Set(reports.filter((r) => r.ts > now - this.options.burst.windowMs).map((r) => r.lineId));
      const next: StoredLineState[] = [];
      const events: TransitDisruptionV1[] = [];
      for (const lineId of lineIds) {
        const stored = states.get(lineId);
        const step = this.detector.step(stored?.state ?? emptyLineState(lineId), byLine.get(lineId) ?? [], now);
        next.push({ state: step.state, lastReportWallMs: reported.has(lineId) || !stored ? wallNow : stored.lastReportWallMs });
        events.push(...step.changes.map((c) => toDisruptionEvent(c, this.gazetteer)));
      }
      await this.repo.saveStates(m, next);
      await this.repo.logDisruptions(m, events);
      await this.repo.saveOffset(m, topic, partition, lastOffset);
      if (++this.batches % PRUNE_EVERY_BATCHES === 0) await this.repo.pruneReports(m, now - this.options.reportRetentionMs);
      await this.publish(events);
      return { tweets: fresh.length, skipped: items.length - fresh.length, reports: reports.length, duplicates: candidates.length - reports.length, events };
    });
    return outcome;
  }

  /**
   * Ends the disruption of every line that has received no delay report for
   * `quietTimeoutMs` of wall clock. Takes the analysis-clock lock first (as
   * batches do), re-reads each line under its row lock, and publishes before
   * committing: a failure rolls back and the next run retries with the same
   * disruption id; once committed the line is no longer active, so an end is
   * never emitted twice — after a restart too, since all of it is in PostgreSQL.
   */
  async endQuietLines(): Promise<TransitDisruptionV1[]> {
    return this.repo.transaction(async (m) => {
      const now = await this.repo.lockClock(m);
      const wallNow = this.clock.now();
      const lineIds = await this.repo.quietActiveLineIds(m, wallNow - this.options.quietTimeoutMs);
      if (lineIds.length === 0) return [];
      const states = await this.repo.loadStates(m, lineIds);
      const next: StoredLineState[] = [];
      const events: TransitDisruptionV1[] = [];
      for (const lineId of lineIds) {
        const stored = states.get(lineId);
        if (!stored || !isQuietFor(stored.lastReportWallMs, wallNow, this.options.quietTimeoutMs)) continue;
        const out = this.detector.endQuiet(stored.state, now, wallNow);
        next.push({ state: out.state, lastReportWallMs: stored.lastReportWallMs });
        events.push(...out.changes.map((c) => toDisruptionEvent(c, this.gazetteer)));
      }
      await this.repo.saveStates(m, next);
      await this.repo.logDisruptions(m, events);
      await this.publish(events, { quietForMs: this.options.quietTimeoutMs });
      return events;
    });
  }

  /** Published inside the caller's transaction: a failure rolls back the state and the work is retried. */
  private async publish(events: readonly TransitDisruptionV1[], context: Record<string, unknown> = {}): Promise<void> {
    if (events.length === 0) return;
    await this.bus.publish(
      TOPICS.transitDisruptions,
      events.map((e) => ({ key: e.lineId, value: JSON.stringify(e), headers: { [HEADERS.correlationId]: e.disruptionId, [HEADERS.schema]: 'transit-disruption.v1', [HEADERS.producer]: TWEET_ANALYSIS.serviceName } })),
    );
    for (const e of events) this.logger.info(`disruption ${e.status}`, { disruptionId: e.disruptionId, line: e.lineId, kind: e.kind, stations: e.stations.length, confidence: e.confidence, ...context });
  }
}
