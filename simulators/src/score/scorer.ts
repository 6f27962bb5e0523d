import type { FindingSourceName, GroundTruth, Injection } from '../scenario/ground-truth';
import type { FindingsResult, ObservedFinding } from './findings-source';

export interface DetectionRecord {
  readonly injectionId: string;
  readonly scoreKind: string;
  readonly subject: string;
  readonly detected: boolean;
  /** seconds from injection to detection, on the clock of the finding's time */
  readonly delaySec: number | null;
  readonly clock: 'sim' | 'wall' | null;
  readonly findingRef: string | null;
}

export interface KindScore {
  readonly scoreKind: string;
  readonly source: FindingSourceName | null;
  /** `unavailable` when the record system could not be read */
  readonly status: 'ok' | 'unavailable' | 'not-scored';
  readonly injected: number;
  readonly detected: number;
  readonly missed: number;
  /** findings that match no injection */
  readonly falsePositives: number;
  /** further findings for an already-detected injection */
  readonly duplicates: number;
  readonly precision: number | null;
  readonly recall: number | null;
  readonly delaySec: { readonly min: number | null; readonly p50: number | null; readonly max: number | null };
}

export interface ScoreReport {
  readonly runId: string;
  readonly scenario: string;
  readonly scoredAt: string;
  readonly sources: Record<string, { readonly status: 'ok' | 'unavailable'; readonly findings: number; readonly reason?: string }>;
  readonly kinds: readonly KindScore[];
  readonly detections: readonly DetectionRecord[];
  readonly unexpected: ReadonlyArray<{ readonly scoreKind: string; readonly source: FindingSourceName; readonly subject: string; readonly kind: string; readonly ref: string }>;
}

/** How long before its injection a finding may be and still count (one reading's worth of jitter), ms. */
const EARLY_TOLERANCE_MS = 1000;

/** What a finding nobody injected counts against. */
export function scoreKindOfFinding(f: ObservedFinding): string {
  const k = f.kind.toLowerCase();
  switch (f.source) {
    case 'maintenance':
      if (k.includes('coolant')) return 'machine:coolant-climbing';
      if (k.includes('hydraulic')) return 'machine:hydraulic-leak';
      if (k.includes('vibration')) return 'machine:vibration-rising';
      return `machine:${k.split(' ')[0] || 'other'}`;
    case 'callcentre':
      if (k === 'overheating') return 'vehicle:coolant-climbing';
      if (k === 'diagnostic-code') return 'vehicle:dtc';
      return `vehicle:${k || 'other'}`;
    case 'trading':
      return k === 'sell' ? 'ticker-news:bad' : 'ticker-news:good';
    case 'dispatch':
      return 'train-delay';
  }
}

function sameSubject(inj: Injection, f: ObservedFinding): boolean {
  if (f.subject === inj.subject) return true;
  const names = new Set([inj.subject, ...inj.aliases].map((n) => n.toLowerCase()));
  return [f.subject, ...(f.subjectNames ?? [])].some((n) => {
    const name = n.toLowerCase();
    return name.length > 0 && [...names].some((x) => x === name || name.includes(x) || x.includes(name));
  });
}

function kindMatches(inj: Injection, f: ObservedFinding): boolean {
  const match = inj.expect!.match.toLowerCase();
  const kind = f.kind.toLowerCase();
  switch (f.source) {
    case 'maintenance':
      return kind.includes(match);
    case 'dispatch':
      return true; // a delay report may surface as a delay or a suspension
    default:
      return kind === match;
  }
}

function delayOf(inj: Injection, f: ObservedFinding): number {
  return f.at - (f.clock === 'sim' ? inj.at : inj.wallAt);
}

/**
 * Compares the ground truth with what the record systems hold. Each injection is
 * matched to the earliest finding of its source with the same subject and kind at
 * or after the injection; findings left over are false positives of the kind they
 * look like. Sources that were unavailable make their kinds `unavailable`.
 */
export function scoreRun(truth: GroundTruth, results: Partial<Record<FindingSourceName, FindingsResult>>, now: Date = new Date()): ScoreReport {
  const used = new Set<ObservedFinding>();
  const matchedTo = new Map<ObservedFinding, Injection>();
  const detections: DetectionRecord[] = [];
  const ordered = [...truth.injections].sort((a, b) => a.at - b.at);

  for (const inj of ordered) {
    const source = inj.expect?.source;
    const result = source ? results[source] : undefined;
    if (!inj.expect || !result || result.status !== 'ok') continue;
    const candidates = result.findings
      .filter((f) => sameSubject(inj, f) && kindMatches(inj, f) && delayOf(inj, f) >= -EARLY_TOLERANCE_MS)
      .sort((a, b) => delayOf(inj, a) - delayOf(inj, b));
    const fresh = candidates.find((f) => !used.has(f));
    if (fresh) {
      used.add(fresh);
      matchedTo.set(fresh, inj);
      detections.push({
        injectionId: inj.id,
        scoreKind: inj.scoreKind,
        subject: inj.subject,
        detected: true,
        delaySec: Math.max(0, delayOf(inj, fresh)) / 1000,
        clock: fresh.clock,
        findingRef: fresh.ref,
      });
    } else {
      detections.push({ injectionId: inj.id, scoreKind: inj.scoreKind, subject: inj.subject, detected: false, delaySec: null, clock: null, findingRef: null });
    }
  }

  // leftovers: a duplicate when it matches a detected injection's subject and kind, else a false positive
  const duplicates = new Map<string, number>();
  const unexpected: Array<{ scoreKind: string; source: FindingSourceName; subject: string; kind: string; ref: string }> = [];
  for (const [name, result] of Object.entries(results) as Array<[FindingSourceName, FindingsResult]>) {
    if (result.status !== 'ok') continue;
    for (const f of result.findings) {
      if (used.has(f)) continue;
      const twin = [...matchedTo.values()].find((inj) => inj.expect?.source === name && sameSubject(inj, f) && kindMatches(inj, f));
      if (twin) duplicates.set(twin.scoreKind, (duplicates.get(twin.scoreKind) ?? 0) + 1);
      else unexpected.push({ scoreKind: scoreKindOfFinding(f), source: name, subject: f.subject, kind: f.kind, ref: f.ref });
    }
  }

  const kinds = new Map<string, { source: FindingSourceName | null }>();
  for (const inj of truth.injections) kinds.set(inj.scoreKind, { source: inj.expect?.source ?? null });
  for (const u of unexpected) if (!kinds.has(u.scoreKind)) kinds.set(u.scoreKind, { source: u.source });

  const scores: KindScore[] = [...kinds.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([scoreKind, { source }]) => {
      const injected = truth.injections.filter((i) => i.scoreKind === scoreKind && i.expect).length;
      const mine = detections.filter((d) => d.scoreKind === scoreKind);
      const detected = mine.filter((d) => d.detected).length;
      const fp = unexpected.filter((u) => u.scoreKind === scoreKind).length;
      // price moves expect no finding: recorded, not scored
      const status: KindScore['status'] = source === null ? 'not-scored' : results[source]?.status === 'ok' ? 'ok' : 'unavailable';
      const delays = mine.flatMap((d) => (d.delaySec === null ? [] : [d.delaySec])).sort((a, b) => a - b);
      const ok = status === 'ok';
      return {
        scoreKind,
        source,
        status,
        injected: truth.injections.filter((i) => i.scoreKind === scoreKind).length,
        detected,
        missed: ok ? injected - detected : 0,
        falsePositives: fp,
        duplicates: duplicates.get(scoreKind) ?? 0,
        precision: ok && detected + fp > 0 ? round3(detected / (detected + fp)) : null,
        recall: ok && injected > 0 ? round3(detected / injected) : null,
        delaySec: {
          min: delays.length ? round3(delays[0]!) : null,
          p50: delays.length ? round3(delays[Math.ceil(delays.length / 2) - 1]!) : null,
          max: delays.length ? round3(delays[delays.length - 1]!) : null,
        },
      };
    });

  const sources: ScoreReport['sources'] = {};
  for (const [name, result] of Object.entries(results) as Array<[FindingSourceName, FindingsResult]>) {
    sources[name] = result.status === 'ok' ? { status: 'ok', findings: result.findings.length } : { status: 'unavailable', findings: 0, reason: result.reason };
  }
  return { runId: truth.runId, scenario: truth.scenario, scoredAt: now.toISOString(), sources, kinds: scores, detections, unexpected };
}

/** The report as a fixed-width table for a terminal. */
export function formatScoreTable(report: ScoreReport): string {
  const header = ['fault kind', 'source', 'injected', 'detected', 'missed', 'false+', 'dup', 'precision', 'recall', 'delay p50 s', 'delay max s'];
  const rows = report.kinds.map((k) => [
    k.scoreKind,
    k.status === 'unavailable' ? `${k.source} (unavailable)` : k.source ?? '-',
    String(k.injected),
    k.status === 'ok' ? String(k.detected) : '-',
    k.status === 'ok' ? String(k.missed) : '-',
    String(k.falsePositives),
    String(k.duplicates),
    pct(k.precision),
    pct(k.recall),
    num(k.delaySec.p50),
    num(k.delaySec.max),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  const out = [`score of run ${report.runId} (${report.scenario})`, line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
  for (const [name, s] of Object.entries(report.sources)) if (s.status === 'unavailable') out.push(`note: ${name} unavailable: ${s.reason}`);
  return out.join('\n');
}

const pct = (x: number | null) => (x === null ? '-' : `${(x * 100).toFixed(0)}%`);
const num = (x: number | null) => (x === null ? '-' : x.toFixed(1));
const round3 = (x: number) => Math.round(x * 1000) / 1000;
