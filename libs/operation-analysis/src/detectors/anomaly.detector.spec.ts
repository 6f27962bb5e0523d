import { seededRandom } from '../synthetic-telemetry';
import { createBaseline, stepAnomaly, type AnomalyConfig, type AnomalyEvent } from './anomaly.detector';
import type { AnomalyRun } from '../machine-state';

const cfg: AnomalyConfig = { alpha: 0.01, warmupReadings: 60, zThreshold: 5, clipZ: 2, minReadings: 6, minDurationSec: 30, minScale: 0.5 };

function run(values: number[]): { events: AnomalyEvent[]; centre: number } {
  const baseline = createBaseline();
  let current: AnomalyRun | null = null;
  const events: AnomalyEvent[] = [];
  values.forEach((value, i) => {
    const r = stepAnomaly(baseline, current, cfg, { ts: i * 5000, metric: 'coolantTempC', value }, String(i));
    current = r.run;
    if (r.event) events.push(r.event);
  });
  return { events, centre: baseline.centre };
}

const noisy = (centre: number, amplitude: number, n: number, seed = 7): number[] => {
  const rand = seededRandom(seed);
  return Array.from({ length: n }, () => centre + (rand() * 2 - 1) * amplitude);
};

describe('robust baseline anomaly detector', () => {
  it('learns a machine that always runs hot as its normal', () => {
    const { events, centre } = run(noisy(101, 1, 2000));
    expect(events).toEqual([]);
    expect(centre).toBeCloseTo(101, 0);
  });

  it('flags a machine drifting from its own normal', () => {
    const values = [...noisy(85, 0.5, 300), ...noisy(93, 0.5, 40, 9)];
    const { events } = run(values);
    expect(events.length).toBeGreaterThan(0);
    expect(events[0]!.worstZ).toBeGreaterThan(5);
    expect(events[0]!.centre).toBeCloseTo(85, 0);
    expect(events[0]!.count).toBeGreaterThanOrEqual(6);
  });

  it('does not flag isolated outliers, and they barely move the baseline', () => {
    const values = noisy(85, 0.5, 400);
    for (let i = 100; i < 400; i += 50) values[i] = 120;
    const { events, centre } = run(values);
    expect(events).toEqual([]);
    expect(centre).toBeCloseTo(85, 0);
  });

  it('says nothing during warm-up', () => {
    expect(run([...noisy(85, 0.5, 30), ...noisy(120, 0.5, 20)]).events).toEqual([]);
  });
});
