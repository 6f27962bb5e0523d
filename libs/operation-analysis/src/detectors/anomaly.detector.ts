import type { Severity } from '@tsunagu/contracts';
import type { AnomalyDefaults } from '../catalogue/machine-catalogue';
import type { AnomalyRun, BaselineState, EvidenceReading } from '../machine-state';

export const ANOMALY_DETECTOR = { name: 'robust-baseline', version: '1.0.0' } as const;

/** σ ≈ 1.2533 × mean absolute deviation for normally distributed noise. */
const SPREAD_TO_SIGMA = 1.2533;
const EVIDENCE_MAX = 20;

export interface AnomalyConfig extends AnomalyDefaults {
  /** floor of the scale, in the metric's unit: a perfectly steady sensor is not infinitely sensitive */
  readonly minScale: number;
}

export interface AnomalyEvent {
  readonly since: number;
  readonly sinceOffset: string;
  readonly severity: Severity;
  /** robust z of the worst reading of the run (signed) */
  readonly worstZ: number;
  /** the machine's own normal and its scale, in the metric's unit */
  readonly centre: number;
  readonly scale: number;
  readonly count: number;
  readonly evidence: readonly EvidenceReading[];
}

export function createBaseline(): BaselineState {
  return { n: 0, centre: 0, spread: 0 };
}

export function baselineScale(baseline: BaselineState, minScale: number): number {
  return Math.max(baseline.spread * SPREAD_TO_SIGMA, minScale);
}

/**
 * One step of the per-machine, per-operating-state baseline (mutates `baseline`).
 * The baseline is a robust EWMA: residuals are clipped to ±clipZ scales before
 * they update the centre and the spread, so outliers barely move it, and it is
 * frozen while a reading is anomalous, so a drifting machine is not "learnt" as
 * normal before it is reported. A machine that always runs hot has a hot centre
 * and is never flagged for it. Returns the run of anomalous readings (null when
 * the reading is normal) and an event when the run is long enough to report.
 */
export function stepAnomaly(
  baseline: BaselineState,
  run: AnomalyRun | null,
  cfg: AnomalyConfig,
  reading: EvidenceReading,
  offset: string,
): { run: AnomalyRun | null; event: AnomalyEvent | null } {
  const value = reading.value;
  if (baseline.n === 0) {
    baseline.n = 1;
    baseline.centre = value;
    baseline.spread = cfg.minScale / SPREAD_TO_SIGMA;
    return { run: null, event: null };
  }
  const scale = baselineScale(baseline, cfg.minScale);
  const residual = value - baseline.centre;
  const z = residual / scale;
  const warm = baseline.n >= cfg.warmupReadings;
  if (!warm || Math.abs(z) <= cfg.zThreshold) {
    // faster learning during warm-up (a running mean), then the EWMA weight
    const alpha = warm ? cfg.alpha : Math.max(cfg.alpha, 1 / (baseline.n + 1));
    const limit = cfg.clipZ * scale;
    const clipped = residual > limit ? limit : residual < -limit ? -limit : residual;
    baseline.centre += alpha * clipped;
    baseline.spread += alpha * (Math.min(Math.abs(residual), limit) - baseline.spread);
    baseline.n += 1;
    return { run: null, event: null };
  }
  const current: AnomalyRun = run ?? { count: 0, since: reading.ts, sinceOffset: offset, worstZ: 0, evidence: [] };
  current.count += 1;
  if (Math.abs(z) > Math.abs(current.worstZ)) current.worstZ = z;
  if (current.evidence.length >= EVIDENCE_MAX) current.evidence.splice(5, 1);
  current.evidence.push(reading);
  const lasted = (reading.ts - current.since) / 1000 >= cfg.minDurationSec;
  if (current.count < cfg.minReadings || !lasted) return { run: current, event: null };
  return {
    run: current,
    event: {
      since: current.since,
      sinceOffset: current.sinceOffset,
      severity: Math.abs(current.worstZ) >= 2 * cfg.zThreshold ? 'high' : 'medium',
      worstZ: current.worstZ,
      centre: baseline.centre,
      scale,
      count: current.count,
      evidence: [...current.evidence],
    },
  };
}
