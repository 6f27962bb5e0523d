import type { FindingSourceName, GroundTruth } from '../scenario/ground-truth';
import type { FindingsResult, FindingsSource } from './findings-source';
import { scoreRun, type ScoreReport } from './scorer';

export interface ScoreOptions {
  readonly truth: GroundTruth;
  readonly sources: readonly FindingsSource[];
  /** keep polling the record systems until every expected finding is there or this many seconds passed */
  readonly waitSec?: number;
  readonly pollMs?: number;
  readonly signal?: AbortSignal;
}

/** Reads every source (in parallel, each guarded) and scores the run. */
export async function scoreGroundTruth(options: ScoreOptions): Promise<ScoreReport> {
  const deadline = Date.now() + (options.waitSec ?? 0) * 1000;
  for (;;) {
    const entries = await Promise.all(options.sources.map(async (s) => [s.name, await s.fetch(options.truth)] as const));
    const results = Object.fromEntries(entries) as Partial<Record<FindingSourceName, FindingsResult>>;
    const report = scoreRun(options.truth, results);
    const waiting = report.kinds.some((k) => k.status === 'ok' && k.missed > 0);
    if (!waiting || Date.now() >= deadline || options.signal?.aborted) return report;
    await new Promise((r) => setTimeout(r, options.pollMs ?? 2000));
  }
}
