import { delayReportAssessor, type DelayAssessment, type DelayReportAssessor, type ReadPost, type ReportKind } from './classifier/delay-report.assessor';
import { summarise, tokyoGazetteer, type Gazetteer, type PlaceMentions } from './gazetteer/gazetteer';
import { REPORT_CATEGORIES, NEGATION_CATEGORIES } from './lexicon/delay-lexicon';
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

/** The decision about one line a post names. */
export interface LineDecision {
  readonly lineId: string;
  readonly assessment: DelayAssessment;
}

export interface TweetAnalysis {
  /** the post as a whole */
  readonly assessment: DelayAssessment;
  readonly mentions: PlaceMentions;
  /** one decision per line the post names (or the one line its stations imply) */
  readonly lines: readonly LineDecision[];
  /** one per line the tweet reports about; empty when it is no report or names no line */
  readonly reports: readonly LineReport[];
}

/** What may stand between two line names and still mean "both": 山手線と中央線が…, "Chuo and Sobu lines…". */
const CONNECTOR_WORDS = /\b(and|or|the|lines?|both|also|as well as)\b|[\s、,・/&+とやもはがの及びおよび線]/g;

function isBare(text: string): boolean {
  return text.replace(CONNECTOR_WORDS, '').length === 0;
}

/**
 * Reads one tweet: which lines and stations it names (gazetteer), and for each
 * named line whether the post reports a delay or suspension on it. A post naming
 * several lines is cut at the line names, each line reading the part from its
 * name to the next line's (the first also what comes before it): 山手線は平常運転、
 * 中央線が遅延 is a report about the Chuo line only. A part that says nothing of
 * its own (山手線と中央線が止まってる) takes the decision of the next part that does.
 * A report naming no line — and no station that belongs to exactly one line —
 * counts for nothing.
 */
export class TweetAnalyser {
  constructor(
    private readonly assessor: DelayReportAssessor = delayReportAssessor(),
    private readonly gazetteer: Gazetteer = tokyoGazetteer(),
  ) {}

  analyse(tweet: TweetInput): TweetAnalysis {
    const post = this.assessor.read(normaliseText(tweet.text));
    const mentions = summarise(post.places);
    const assessment = this.assessor.assessScope(post, 0, post.norm.length);
    const lines = this.decide(post, mentions, assessment);
    const reports: LineReport[] = [];
    for (const { lineId, assessment: a } of lines) {
      if (!a.isReport || a.kind === null) continue;
      reports.push({
        tweetId: tweet.id,
        author: tweet.author,
        ts: tweet.createdAt,
        lineId,
        stationIds: mentions.stations.filter((s) => this.gazetteer.isOnLine(s, lineId)),
        kind: a.kind,
        confidence: a.confidence,
        text: tweet.text,
      });
    }
    return { assessment, mentions, lines, reports };
  }

  private decide(post: ReadPost, mentions: PlaceMentions, whole: DelayAssessment): LineDecision[] {
    if (mentions.lines.length === 0) {
      const implied = this.gazetteer.lineOfStations(mentions.stationGroups ?? []);
      return implied.map((lineId) => ({ lineId, assessment: whole }));
    }
    if (mentions.lines.length === 1) return [{ lineId: mentions.lines[0]!, assessment: whole }];
    // cut at the line names: part k runs from line name k to line name k+1
    const named = post.places.filter((p) => p.ref.kind === 'line');
    const parts = named.map((m, k) => ({ lineId: m.ref.id, from: k === 0 ? 0 : m.start, nameEnd: m.end, to: named[k + 1]?.start ?? post.norm.length }));
    const said = parts.map((p) => this.saysSomething(post, p.from, p.to));
    const own = new Map<number, DelayAssessment>();
    const ownOf = (k: number) => {
      let a = own.get(k);
      if (!a) own.set(k, (a = this.assessor.assessScope(post, parts[k]!.from, parts[k]!.to)));
      return a;
    };
    const decisions = new Map<string, DelayAssessment>();
    parts.forEach((part, k) => {
      let a: DelayAssessment;
      const coordinated = k > 0 && said[k - 1] && isBare(blank(post.norm, parts[k - 1]!.nameEnd, parts[k - 1]!.to, post));
      if (said[k]) {
        a = ownOf(k);
      } else if (coordinated) {
        // 山手線も中央線も…: the line before was only named alongside this one; they share its decision
        a = ownOf(k - 1);
      } else if (!isBare(blank(post.norm, part.nameEnd, part.to, post))) {
        a = ownOf(k);
      } else {
        // nothing of its own but a connector: the next part that speaks (coordination), else the previous one, else the whole post
        const next = parts.findIndex((_, j) => j > k && said[j]);
        const prev = [...said.keys()].reverse().find((j) => j < k && said[j]);
        a = next >= 0 ? ownOf(next) : prev !== undefined ? ownOf(prev) : whole;
      }
      // a part that names only a cause (人身事故で…) takes the kind the post states
      if (a.isReport && a.evidence.suspension + a.evidence.delay + a.evidence.weak + a.evidence.weakSuspension === 0 && whole.kind && whole.kind !== a.kind) a = { ...a, kind: whole.kind };
      const before = decisions.get(part.lineId);
      // a line named twice: a report in any of its parts counts
      if (!before || (!before.isReport && a.isReport)) decisions.set(part.lineId, a);
    });
    return mentions.lines.map((lineId) => ({ lineId, assessment: decisions.get(lineId)! }));
  }

  /** Whether norm[from, to) holds a report phrase or counter-evidence of its own. */
  private saysSomething(post: ReadPost, from: number, to: number): boolean {
    return post.hits.some((h) => h.start >= from && h.end <= to && (REPORT_CATEGORIES.has(h.value) || NEGATION_CATEGORIES.has(h.value)));
  }
}

/** norm[from, to) with the place names removed. */
function blank(norm: string, from: number, to: number, post: ReadPost): string {
  let out = '';
  let at = from;
  for (const p of post.places) {
    if (p.end <= from || p.start >= to) continue;
    out += norm.slice(at, Math.max(at, p.start));
    at = Math.max(at, p.end);
  }
  return out + norm.slice(at, to);
}
