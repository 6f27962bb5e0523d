import type { GroundTruth, Injection } from '../scenario/ground-truth';
import type { ObservedFinding } from './findings-source';
import { formatScoreTable, scoreRun } from './scorer';

const SIM0 = 1_000_000_000_000;
const WALL0 = SIM0 + 3_600_000;

function injection(over: Partial<Injection> & Pick<Injection, 'scoreKind' | 'subject' | 'expect'>): Injection {
  return { id: `r:${over.scoreKind}:${over.subject}`, kind: over.scoreKind.split(':')[1] ?? over.scoreKind, aliases: [], at: SIM0 + 60_000, wallAt: WALL0 + 2_000, params: {}, ...over };
}

const truth: GroundTruth = {
  version: 1,
  runId: 'r',
  scenario: 'test',
  mqttUrl: 'mqtt://127.0.0.1:1883',
  apiUrl: 'http://127.0.0.1:3000',
  clock: { simStart: SIM0, simEnd: SIM0 + 600_000, wallStart: WALL0, wallEnd: WALL0 + 20_000, speed: 30, tickSec: 5 },
  devices: [
    { ref: 'machine:0', deviceId: 'r-m0', kind: 'machine', model: 'excavator-20t' },
    { ref: 'machine:1', deviceId: 'r-m1', kind: 'machine', model: 'crane-50t' },
    { ref: 'vehicle:0', deviceId: 'r-v0', kind: 'vehicle', model: 'van-2t' },
  ],
  injections: [
    injection({ scoreKind: 'machine:coolant-climbing', subject: 'r-m0', expect: { source: 'maintenance', match: 'coolant' } }),
    injection({ scoreKind: 'machine:coolant-climbing', subject: 'r-m1', expect: { source: 'maintenance', match: 'coolant' } }),
    injection({ scoreKind: 'vehicle:crash', subject: 'r-v0', expect: { source: 'callcentre', match: 'crash' } }),
    injection({ scoreKind: 'train-delay', subject: 'jr-yamanote', aliases: ['Yamanote Line', '山手線'], expect: { source: 'dispatch', match: 'delay' } }),
    injection({ scoreKind: 'price-move', subject: 'TSLA', expect: null }),
  ],
  stats: { telemetryQueued: 0, telemetryAcked: 0, telemetryPending: 0, tweetsQueued: 0, pricesPublished: 0, pricesWithoutSink: 0 },
};

const f = (over: Partial<ObservedFinding> & Pick<ObservedFinding, 'source' | 'subject' | 'kind'>): ObservedFinding => ({
  at: SIM0 + 240_000,
  clock: 'sim',
  ref: `${over.subject}-${over.kind}`,
  ...over,
});

describe('scoreRun', () => {
  it('counts detections, misses, false positives and duplicates per fault kind, with delays', () => {
    const report = scoreRun(truth, {
      maintenance: {
        status: 'ok',
        findings: [
          f({ source: 'maintenance', subject: 'r-m0', kind: 'coolant trend', ref: 'wo-1' }),
          f({ source: 'maintenance', subject: 'r-m0', kind: 'coolant limit-crossed', at: SIM0 + 400_000, ref: 'wo-2' }),
          f({ source: 'maintenance', subject: 'r-m1', kind: 'vibration anomaly', ref: 'wo-3' }),
        ],
      },
      callcentre: { status: 'ok', findings: [f({ source: 'callcentre', subject: 'r-v0', kind: 'crash', at: WALL0 + 5_000, clock: 'wall' })] },
      dispatch: { status: 'unavailable', reason: '/dispatch/disruptions: no such endpoint (HTTP 404)' },
    });
    const byKind = Object.fromEntries(report.kinds.map((k) => [k.scoreKind, k]));
    expect(byKind['machine:coolant-climbing']).toMatchObject({ injected: 2, detected: 1, missed: 1, duplicates: 1, falsePositives: 0, precision: 1, recall: 0.5, delaySec: { p50: 180 } });
    expect(byKind['machine:vibration-rising']).toMatchObject({ injected: 0, falsePositives: 1, precision: 0 });
    expect(byKind['vehicle:crash']).toMatchObject({ detected: 1, recall: 1, delaySec: { p50: 3 } });
    expect(byKind['train-delay']).toMatchObject({ status: 'unavailable', recall: null, precision: null });
    expect(byKind['price-move']).toMatchObject({ status: 'not-scored' });
    expect(report.sources.dispatch).toEqual({ status: 'unavailable', findings: 0, reason: '/dispatch/disruptions: no such endpoint (HTTP 404)' });
    const table = formatScoreTable(report);
    expect(table).toContain('machine:coolant-climbing');
    expect(table).toContain('dispatch (unavailable)');
  });

  it('does not credit a finding from before the injection', () => {
    const report = scoreRun(truth, {
      maintenance: { status: 'ok', findings: [f({ source: 'maintenance', subject: 'r-m0', kind: 'coolant trend', at: SIM0 })] },
    });
    const k = report.kinds.find((x) => x.scoreKind === 'machine:coolant-climbing')!;
    expect(k.detected).toBe(0);
    expect(k.falsePositives).toBe(1);
  });

  it('matches a disruption by the line name in either language', () => {
    const report = scoreRun(truth, {
      dispatch: { status: 'ok', findings: [f({ source: 'dispatch', subject: 'yamanote', subjectNames: ['山手線'], kind: 'suspension' })] },
    });
    expect(report.kinds.find((x) => x.scoreKind === 'train-delay')).toMatchObject({ detected: 1, recall: 1, precision: 1 });
  });
});
