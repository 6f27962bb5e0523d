import { maintenanceFindingV1Schema, type MachineTelemetryV1, type MaintenanceFindingV1 } from '@tsunagu/contracts';
import { MachineAnalyser } from './machine-analyser';
import type { MachineState } from './machine-state';
import { syntheticSeries, type SyntheticSeriesOptions } from './synthetic-telemetry';

const T0 = Date.UTC(2026, 10, 29, 0, 0, 0);
const TOPIC = 'telemetry.machine.reported.v1';

function analyseAll(readings: MachineTelemetryV1[], analyser = new MachineAnalyser(), state?: MachineState) {
  const findings: MaintenanceFindingV1[] = [];
  let s = state;
  readings.forEach((r, i) => {
    const result = analyser.analyse(s, r, { topic: TOPIC, partition: 0, offset: String(i) });
    s = result.state;
    findings.push(...result.findings);
  });
  return { findings, state: s! };
}

const base: SyntheticSeriesOptions = {
  deviceId: 'exc-1',
  model: 'excavator-20t',
  startTs: T0,
  count: 0,
  intervalSec: 5,
  noise: { coolantTempC: 0.4, engineOilPressureKpa: 6, hydraulicTempC: 0.5, hydraulicPressureBar: 20, vibrationRmsMmS: 0.2 },
};

describe('MachineAnalyser', () => {
  it('finds nothing in a healthy machine', () => {
    expect(analyseAll(syntheticSeries({ ...base, count: 2000 })).findings).toEqual([]);
  });

  it('predicts a steady coolant climb before the limit, with time to limit', () => {
    // 30 min steady at 88 °C, then +0.4 °C/min: 105 °C after ~42 min of climbing
    const climbStart = 360;
    const readings = syntheticSeries({
      ...base,
      count: climbStart + 12 * 40,
      values: (i) => ({ coolantTempC: 88 + (i < climbStart ? 0 : (0.4 * (i - climbStart)) / 12) }),
    });
    const { findings } = analyseAll(readings);
    const coolant = findings.filter((f) => f.component === 'coolant');
    expect(coolant.length).toBeGreaterThan(0);
    expect(new Set(coolant.map((f) => f.dedupKey))).toEqual(new Set(['exc-1:coolant']));
    const trend = coolant.find((f) => f.kind === 'trend')!;
    expect(trend.predictedTimeToLimitSec).toBeGreaterThan(0);
    const limitReachedAt = readings.find((r) => r.coolantTempC >= 105)?.ts ?? Infinity;
    expect(trend.detectedAt).toBeLessThan(limitReachedAt);
    expect(trend.evidence.detector).toBe('least-squares-trend');
    expect(findings.every((f) => maintenanceFindingV1Schema.safeParse(f).success)).toBe(true);
    expect(findings.filter((f) => f.kind === 'limit-crossed')).toEqual([]);
  });

  it('finds nothing in a machine that always runs near (inside) its limit', () => {
    const readings = syntheticSeries({ ...base, count: 3000, values: () => ({ coolantTempC: 103 }), noise: { ...base.noise, coolantTempC: 1.2 } });
    expect(analyseAll(readings).findings).toEqual([]);
  });

  it('ignores a single spike and reports a sustained excursion once', () => {
    const spike = syntheticSeries({ ...base, count: 400, values: (i) => ({ coolantTempC: i === 200 ? 118 : 88 }) });
    expect(analyseAll(spike).findings).toEqual([]);
    const sustained = syntheticSeries({ ...base, count: 400, values: (i) => ({ coolantTempC: i >= 200 && i < 260 ? 108 : 88 }) });
    const { findings } = analyseAll(sustained);
    const limit = findings.filter((f) => f.kind === 'limit-crossed');
    expect(limit).toHaveLength(1);
    expect(limit[0]).toMatchObject({ subjectId: 'exc-1', component: 'coolant', severity: 'high', dedupKey: 'exc-1:coolant', origin: { partition: 0, fromOffset: '200' } });
    expect(limit[0]!.evidence.thresholds).toMatchObject({ limit: 105, hysteresis: 3, minDurationSec: 30 });
    expect(new Set(findings.map((f) => f.dedupKey))).toEqual(new Set(['exc-1:coolant']));
  });

  it('does not judge a stopped engine (no oil pressure is not low oil pressure)', () => {
    const readings = syntheticSeries({ ...base, count: 200, engineState: 'off', values: () => ({ engineOilPressureKpa: 0, coolantTempC: 30 }) });
    expect(analyseAll(readings).findings).toEqual([]);
  });

  it('flags a drift from the machine own normal, per operating state', () => {
    const readings = syntheticSeries({
      ...base,
      count: 600,
      values: (i) => ({ hydraulicTempC: i < 500 ? 55 : 66 }),
    });
    const { findings } = analyseAll(readings);
    expect(findings.map((f) => [f.kind, f.component])).toContainEqual(['anomaly', 'hydraulic-oil']);
  });

  it('reports service due once engine hours pass the interval', () => {
    const readings = syntheticSeries({ ...base, count: 300, intervalSec: 60, startEngineHours: 1498 });
    const due = analyseAll(readings).findings.filter((f) => f.kind === 'service-due');
    expect(due).toHaveLength(1);
    expect(due[0]).toMatchObject({ component: 'engine-oil-and-filter', dedupKey: 'exc-1:service:engine-oil-and-filter', severity: 'low' });
  });

  it('reports again after the work order closed while the problem persists', () => {
    const analyser = new MachineAnalyser();
    const readings = syntheticSeries({ ...base, count: 200, values: () => ({ coolantTempC: 107 }) });
    const first = analyseAll(readings.slice(0, 100), analyser);
    expect(first.findings.filter((f) => f.kind === 'limit-crossed')).toHaveLength(1);
    analyser.applyClosure(first.state, {
      workOrderId: 'wo-1',
      machineId: 'exc-1',
      dedupKey: 'exc-1:coolant',
      status: 'done',
      closedAt: readings[100]!.ts,
      closedBy: 'tanaka',
    });
    const second = analyseAll(readings.slice(100), analyser, first.state);
    const again = second.findings.filter((f) => f.kind === 'limit-crossed');
    expect(again).toHaveLength(1);
    expect(again[0]!.findingId).not.toBe(first.findings[0]!.findingId);
  });

  it('is deterministic across a state round trip (restart), and skips redelivered readings', () => {
    const readings = syntheticSeries({
      ...base,
      count: 800,
      values: (i) => ({ coolantTempC: 88 + (i < 300 ? 0 : (0.5 * (i - 300)) / 12), vibrationRmsMmS: i > 600 && i < 700 ? 20 : 4 }),
    });
    const whole = analyseAll(readings).findings.map((f) => f.findingId);
    const firstHalf = analyseAll(readings.slice(0, 450));
    const restored = JSON.parse(JSON.stringify(firstHalf.state)) as MachineState;
    // the consumer redelivers a few readings after a restart
    const secondHalf = analyseAll(readings.slice(440), new MachineAnalyser(), restored);
    expect([...firstHalf.findings, ...secondHalf.findings].map((f) => f.findingId)).toEqual(whole);
    expect(whole.length).toBeGreaterThan(1);
  });

  it('tallies utilisation per day', () => {
    const readings = syntheticSeries({ ...base, count: 120, intervalSec: 60, engineState: (i) => (i < 60 ? 'idle' : 'working') });
    const analyser = new MachineAnalyser();
    const { state } = analyseAll(readings, analyser);
    expect(analyser.utilisationOf(state)).toMatchObject({ machineId: 'exc-1', day: '2026-11-29', idleSec: 3600, workingSec: 3540, offSec: 0 });
  });
});
