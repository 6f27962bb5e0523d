import type { LimitSpec } from '../catalogue/machine-catalogue';
import { createLimitState, rearmLimit, stepLimit, type LimitEvent } from './limit.detector';

const above: LimitSpec = { direction: 'above', value: 105, critical: 110, hysteresis: 3, minDurationSec: 30, severity: 'high' };
const below: LimitSpec = { direction: 'below', value: 150, hysteresis: 20, minDurationSec: 10, severity: 'high' };

function run(spec: LimitSpec, values: number[], stepSec = 5): LimitEvent[] {
  const state = createLimitState();
  const events: LimitEvent[] = [];
  values.forEach((value, i) => {
    const e = stepLimit(state, spec, { ts: i * stepSec * 1000, metric: 'm', value }, String(i));
    if (e) events.push(e);
  });
  return events;
}

describe('limit detector', () => {
  it('ignores values inside the limit', () => {
    expect(run(above, Array.from({ length: 100 }, () => 104.9))).toEqual([]);
  });

  it('ignores a single spike', () => {
    expect(run(above, [90, 90, 120, 90, 90, 90, 90, 90, 90, 90])).toEqual([]);
  });

  it('reports a sustained excursion once, after the minimum duration', () => {
    const events = run(above, [90, 106, 106, 107, 106, 106, 106, 107, 108, 107, 106, 90]);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ since: 5000, sinceOffset: '1', severity: 'high', peak: 107 });
    expect(events[0]!.durationSec).toBeGreaterThanOrEqual(30);
  });

  it('treats a value hovering at the limit as one excursion (hysteresis)', () => {
    const hovering = Array.from({ length: 200 }, (_, i) => (i % 2 === 0 ? 105.3 : 104.6));
    expect(run(above, hovering)).toHaveLength(1);
  });

  it('ends an excursion only when back inside by the hysteresis; a new excursion is reported again', () => {
    const first = Array.from({ length: 10 }, () => 106);
    const back = [101, 101];
    const second = Array.from({ length: 10 }, () => 107);
    const events = run(above, [...first, ...back, ...second]);
    expect(events).toHaveLength(2);
    expect(events[1]!.since).toBe(12 * 5000);
  });

  it('escalates to critical once beyond the critical value', () => {
    const values = [...Array.from({ length: 10 }, () => 106), ...Array.from({ length: 3 }, () => 111)];
    expect(run(above, values).map((e) => e.severity)).toEqual(['high', 'critical']);
  });

  it('works downwards for minimum limits (oil pressure)', () => {
    expect(run(below, [300, 140, 145, 130, 120, 300])).toHaveLength(1);
    expect(run(below, [300, 140, 300, 300])).toHaveLength(0);
  });

  it('reports a still-ongoing excursion again after re-arming (work order closed)', () => {
    const state = createLimitState();
    const events: LimitEvent[] = [];
    for (let i = 0; i < 30; i++) {
      if (i === 15) rearmLimit(state);
      const e = stepLimit(state, above, { ts: i * 5000, metric: 'm', value: 107 }, String(i));
      if (e) events.push(e);
    }
    expect(events.map((e) => e.since)).toEqual([0, 75_000]);
  });
});
