import { SEVERITIES, type Severity } from '@tsunagu/contracts';
import type { LimitSpec } from '../catalogue/machine-catalogue';
import type { EvidenceReading, LimitState } from '../machine-state';

export const LIMIT_DETECTOR = { name: 'limit-hysteresis', version: '1.0.0' } as const;

/** Evidence kept per excursion: the first readings beyond the limit and the latest ones. */
const EVIDENCE_HEAD = 5;
const EVIDENCE_TAIL = 15;

export interface LimitEvent {
  /** ts of the first reading beyond the limit: identifies the excursion */
  readonly since: number;
  readonly sinceOffset: string;
  readonly severity: Severity;
  readonly peak: number;
  readonly durationSec: number;
  readonly evidence: readonly EvidenceReading[];
}

export function createLimitState(): LimitState {
  return { phase: 'normal', since: -1, sinceOffset: '0', peak: 0, reportedRank: -1, evidence: [] };
}

/** Signed distance beyond the limit: > 0 is beyond, in the metric's unit. */
function beyond(spec: LimitSpec, value: number, threshold: number): number {
  return spec.direction === 'above' ? value - threshold : threshold - value;
}

function pushEvidence(state: LimitState, reading: EvidenceReading): void {
  const ev = state.evidence;
  if (ev.length >= EVIDENCE_HEAD + EVIDENCE_TAIL) ev.splice(EVIDENCE_HEAD, 1);
  ev.push(reading);
}

function severityOf(spec: LimitSpec, peak: number): Severity {
  return spec.critical !== undefined && beyond(spec, peak, spec.critical) >= 0 ? 'critical' : spec.severity;
}

/**
 * One step of the limit detector (mutates `state`). An excursion starts with the
 * first reading beyond the limit and lasts until a reading is back inside by the
 * hysteresis; it is reported once it has lasted `minDurationSec` (so a single spike
 * never is), and again only if it worsens to critical. A value hovering at the
 * limit stays one excursion instead of raising a finding at every crossing.
 */
export function stepLimit(
  state: LimitState,
  spec: LimitSpec,
  reading: EvidenceReading,
  offset: string,
): LimitEvent | null {
  const { value, ts } = reading;
  if (state.phase === 'normal') {
    if (beyond(spec, value, spec.value) <= 0) return null;
    state.phase = 'pending';
    state.since = ts;
    state.sinceOffset = offset;
    state.peak = value;
    state.reportedRank = -1;
    state.evidence = [reading];
  } else {
    if (beyond(spec, value, spec.value) < -spec.hysteresis) {
      // back inside by the hysteresis: the excursion is over
      state.phase = 'normal';
      state.evidence = [];
      state.reportedRank = -1;
      return null;
    }
    if (beyond(spec, value, state.peak) > 0) state.peak = value;
    pushEvidence(state, reading);
  }
  const durationSec = (ts - state.since) / 1000;
  if (durationSec < spec.minDurationSec) return null;
  state.phase = 'active';
  const severity = severityOf(spec, state.peak);
  const rank = SEVERITIES.indexOf(severity);
  if (rank <= state.reportedRank) return null;
  state.reportedRank = rank;
  return { since: state.since, sinceOffset: state.sinceOffset, severity, peak: state.peak, durationSec, evidence: [...state.evidence] };
}

/**
 * After the excursion's work order closed: ends the excursion, so if the value is
 * still beyond the limit a new one starts (a recurrence, with its own finding id)
 * and is reported again once it has lasted the minimum duration.
 */
export function rearmLimit(state: LimitState): void {
  state.phase = 'normal';
  state.reportedRank = -1;
  state.evidence = [];
}
