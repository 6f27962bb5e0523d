import { delayReportAssessor, type DelayAssessment, type DelayReportAssessor, type ReportKind } from './classifier/delay-report.assessor';
import { tokyoGazetteer, type Gazetteer, type PlaceMentions } from './gazetteer/gazetteer';
import { normaliseText } from './text/text-normaliser';

export interface TweetInput {
  readonly id: string;
  readonly author: string;
  readonly text: string;
  /** epoch ms: the tweet's createdAt (the analysis clock) */
  readonly createdAt: number;
}

/** One tweet reporting a delay or suspension on one line. */
export interface LineReport {
  readonly tweetId: string;
  readonly author: string;
  readonly ts: number;
  readonly lineId: string;
  /** stations mentioned that are on this line */
  readonly stationIds: readonly string[];
  readonly kind: ReportKind;
  readonly confidence: number;
  readonly text: string;
}

export interface TweetAnalysis {
  readonly assessment: DelayAssessment;
  readonly mentions: PlaceMentions;
  /** one per line the tweet reports about; empty when it is no report or names no line */
  readonly reports: readonly LineReport[];
}

/**
 * Reads one tweet: is it a delay/suspension report (classifier + lexicon), which
 * lines and stations does it name (gazetteer). A report that names no line — and
 * no station that belongs to exactly one line — counts for nothing.
 */
export class TweetAnalyser {
  constructor(
    private readonly assessor: DelayReportAssessor = delayReportAssessor(),
    private readonly gazetteer: Gazetteer = tokyoGazetteer(),
  ) {}

  analyse(tweet: TweetInput): TweetAnalysis {
    const norm = normaliseText(tweet.text);
    const mentions = this.gazetteer.extractNormalised(norm);
    const assessment = this.assessor.assessNormalised(norm);
    if (!assessment.isReport || assessment.kind === null) return { assessment, mentions, reports: [] };
    const kind = assessment.kind;
    const reports = this.gazetteer.resolveLines(mentions).map((lineId) => ({
      tweetId: tweet.id,
      author: tweet.author,
      ts: tweet.createdAt,
      lineId,
      stationIds: mentions.stations.filter((s) => this.gazetteer.isOnLine(s, lineId)),
      kind,
      confidence: assessment.confidence,
      text: tweet.text,
    }));
    return { assessment, mentions, reports };
  }
}
