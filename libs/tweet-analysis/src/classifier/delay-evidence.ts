import type { PlaceMention } from '../gazetteer/gazetteer';
import type { LexiconHit } from '../lexicon/delay-lexicon';

/**
 * What the lexicon says about one part of a post (the whole post, or the part
 * about one line), after the rules for the traps passengers' posts set:
 *
 * - a question is not a report: 山手線遅れてる？, "Is the Chuo line delayed?"
 *   (but "why is it delayed again?" presupposes the delay);
 * - something else is late: a flight, a parcel, a reply, a game (飛行機が遅延,
 *   "my package is delayed"), unless a line or a train word stands between;
 * - it happened before: 昨日の遅延, "delayed yesterday", unless today/now is said too;
 * - weak words ("stopped", "delayed", "suspended", 遅い, 来ない: English uses them
 *   for accounts, projects and games too) count only beside a line, a station or
 *   a train word;
 * - talk about the word is not a report: 運転見合わせって英語で何？;
 * - it is over or never was: 運転再開, "delays have cleared", 平常運転, 遅延証明,
 *   and the writer's own mishap, 乗り遅れた ("I missed the train").
 */
export interface ScopeEvidence {
  readonly suspension: number;
  readonly delay: number;
  /** a cause without a kind (人身事故, "signal failure") */
  readonly cause: number;
  /** weak report words beside a train context */
  readonly weak: number;
  /** weak suspension words beside a train context ("stopped", "cancelled") */
  readonly weakSuspension: number;
  readonly normal: number;
  readonly resumed: number;
  readonly certificate: number;
  readonly missed: number;
  /** report phrases cancelled by a question, another subject, or the past */
  readonly neutralised: number;
  readonly question: boolean;
  readonly nontrain: boolean;
  readonly past: boolean;
  readonly trainContext: boolean;
  /** the category of the last report or counter-evidence phrase: the post's final word on it */
  readonly last: 'report' | 'negation' | null;
  /** surviving report phrases */
  readonly phrases: readonly string[];
}

const JA_QUESTION_TAIL = /^[ぁ-ゖー]{0,6}[?？]/;
const JA_QUESTION_WORD = /^[ぁ-ゖー]{0,4}(ますか|ですか|でしょうか|かな|かしら|かも|る\?|の\?|んですか)/;
const EN_QUESTION_START = /^\s*(is|are|was|were|does|do|did|has|have|any|anyone|anybody|will|could|can|should|so is|so are|hey is|hey are|someone)\b/;
const EN_PRESUPPOSES = /^\s*(why|what happened|how long|when will|ugh|wtf)\b/;

/** How far (chars) another subject before a report phrase takes it over: 飛行機が1時間遅延. */
const NONTRAIN_BEFORE_JA = 10;
/** after the phrase only right next to it, or joined by の: 遅れてる荷物, 遅延の飛行機 (遅延で飛行機に… is a cause) */
const NONTRAIN_AFTER_JA = 1;
const NONTRAIN_BEFORE_EN = 28;
const NONTRAIN_AFTER_EN = 2;

export function scopeEvidence(norm: string, from: number, to: number, hits: readonly LexiconHit[], places: readonly PlaceMention[]): ScopeEvidence {
  // one pass for the context: train words, places (anchors that separate another subject from a phrase), past/present, other subjects
  const anchors: number[] = [];
  const nontrainHits: LexiconHit[] = [];
  let pastSeen = false;
  let presentSeen = false;
  for (const p of places) if (p.start >= from && p.end <= to) anchors.push(p.start);
  const trainContext0 = anchors.length > 0;
  let trains = 0;
  for (const h of hits) {
    if (h.start < from || h.end > to) continue;
    if (h.value === 'train') {
      trains++;
      anchors.push(h.start);
    } else if (h.value === 'nontrain') nontrainHits.push(h);
    else if (h.value === 'past') pastSeen = true;
    else if (h.value === 'present') presentSeen = true;
  }
  const trainContext = trainContext0 || trains > 0;
  const past = pastSeen && !presentSeen;
  let suspension = 0;
  let delay = 0;
  let cause = 0;
  let weak = 0;
  let weakSuspension = 0;
  let normal = 0;
  let resumed = 0;
  let certificate = 0;
  let missed = 0;
  let neutralised = 0;
  let question = false;
  let nontrain = false;
  let last: 'report' | 'negation' | null = null;
  const phrases: string[] = [];
  for (const h of hits) {
    if (h.start < from || h.end > to) continue;
    const c = h.value;
    if (c === 'normal' || c === 'resumed' || c === 'certificate' || c === 'missed') {
      // 飛行機に乗り遅れ: the writer missed a plane, which says nothing about the trains
      if (c === 'missed' && nontrainHits.length > 0 && takenOver(norm, h, nontrainHits, anchors, isJapaneseCode(h.text.charCodeAt(0)))) continue;
      if (c === 'normal') normal++;
      else if (c === 'resumed') resumed++;
      else if (c === 'certificate') certificate++;
      else missed++;
      last = 'negation';
      continue;
    }
    if (c !== 'suspension' && c !== 'delay' && c !== 'cause' && c !== 'weak' && c !== 'weakSuspension') continue;
    if ((c === 'weak' || c === 'weakSuspension') && !trainContext) continue;
    const ja = isJapaneseCode(h.text.charCodeAt(0)) || (h.start > 0 && isJapaneseCode(norm.charCodeAt(h.start - 1)));
    if (ja && isMeta(norm, h)) {
      neutralised++;
      continue;
    }
    if (isQuestion(norm, h, to, ja)) {
      question = true;
      neutralised++;
      continue;
    }
    if (nontrainHits.length > 0 && takenOver(norm, h, nontrainHits, anchors, ja)) {
      nontrain = true;
      neutralised++;
      continue;
    }
    if (past) {
      neutralised++;
      continue;
    }
    if (c === 'suspension') suspension++;
    else if (c === 'delay') delay++;
    else if (c === 'cause') cause++;
    else if (c === 'weak') weak++;
    else weakSuspension++;
    phrases.push(h.text);
    last = 'report';
  }
  return {
    suspension,
    delay,
    cause,
    weak,
    weakSuspension,
    normal,
    resumed,
    certificate,
    missed,
    neutralised,
    question,
    nontrain: nontrain || (nontrainHits.length > 0 && !trainContext),
    past,
    trainContext,
    last,
    phrases,
  };
}

function isJapaneseCode(code: number): boolean {
  return (code >= 0x3040 && code <= 0x30ff) || (code >= 0x3400 && code <= 0x9fff);
}

/** Talk about the word itself: 運転見合わせって英語でなんて言うの, 遅延とは. */
function isMeta(norm: string, h: LexiconHit): boolean {
  const a = norm.charCodeAt(h.end);
  const b = norm.charCodeAt(h.end + 1);
  return (a === 0x3063 && b === 0x3066) || (a === 0x3068 && b === 0x306f) || (a === 0x3068 && b === 0x3044 && norm.charCodeAt(h.end + 2) === 0x3046);
}

function isQuestion(norm: string, h: LexiconHit, to: number, ja: boolean): boolean {
  if (ja) {
    const next = norm.charCodeAt(h.end);
    // cheap exit: a question mark or a kana ending must follow
    if (h.end >= to || !(next === 63 || next === 0xff1f || (next >= 0x3040 && next <= 0x309f))) return false;
    const tail = norm.slice(h.end, Math.min(to, h.end + 12));
    return JA_QUESTION_TAIL.test(tail) || JA_QUESTION_WORD.test(tail);
  }
  // the English sentence holding the phrase: a yes/no question about it
  if (norm.indexOf('?', h.end) < 0) return false;
  let s = h.start;
  while (s > 0 && !/[.!?\n]/.test(norm[s - 1]!)) s--;
  let e = h.end;
  while (e < norm.length && !/[.!?\n]/.test(norm[e]!)) e++;
  if (norm[e] !== '?') return false;
  const sentence = norm.slice(s, e);
  return !EN_PRESUPPOSES.test(sentence) && EN_QUESTION_START.test(sentence.replace(/^[^a-z]+/, ''));
}

/** Another subject right before (or after) the phrase, with no line, station or train word between. */
function takenOver(norm: string, h: LexiconHit, nontrain: readonly LexiconHit[], anchors: readonly number[], ja: boolean): boolean {
  const before = ja ? NONTRAIN_BEFORE_JA : NONTRAIN_BEFORE_EN;
  const after = ja ? NONTRAIN_AFTER_JA : NONTRAIN_AFTER_EN;
  for (const n of nontrain) {
    if (n.end <= h.start && h.start - n.end <= before) {
      if (!anchors.some((a) => a >= n.end && a < h.start)) return true;
    } else if (n.start >= h.end && n.start - h.end <= after) {
      if (ja && n.start > h.end && norm.charCodeAt(h.end) !== 0x306e) continue;
      if (!anchors.some((a) => a >= h.end && a < n.start)) return true;
    }
  }
  return false;
}

/**
 * The lexicon's view on a 0..1 scale: a report phrase is strong evidence,
 * counter-evidence alone strong evidence against; both together follow the
 * post's last word (運転再開したけどまだ遅れてる: still late; 遅延してたけど解消: over);
 * neither is weak evidence against (most reports use a phrase), and phrases
 * neutralised by the rules count a little less than nothing.
 */
export function lexiconScore(e: ScopeEvidence): number {
  const reports = e.suspension + e.delay + e.cause + e.weak + e.weakSuspension;
  const negations = e.normal + e.resumed + e.certificate + e.missed;
  if (reports > 0 && negations > 0) return e.last === 'report' ? 0.75 : 0.1;
  if (reports > 0) return 1;
  if (negations > 0) return 0;
  return e.neutralised > 0 ? 0.05 : 0.15;
}

/** Cue names the classifier sees as features (c:…). */
export function evidenceCues(e: ScopeEvidence): string[] {
  const cues: string[] = [];
  for (const k of ['suspension', 'delay', 'cause', 'weak', 'weakSuspension', 'normal', 'resumed', 'certificate', 'missed'] as const) if (e[k] > 0) cues.push(k);
  if (e.neutralised > 0) cues.push('neutralised');
  if (e.question) cues.push('question');
  if (e.nontrain) cues.push('nontrain');
  if (e.past) cues.push('past');
  if (e.trainContext) cues.push('train');
  if (e.last) cues.push(`last-${e.last}`);
  return cues;
}
