import { TOPICS, type MaintenanceFindingV1 } from '@tsunagu/contracts';
import { planWorkOrders } from './work-order-plan';

const T0 = Date.UTC(2026, 10, 29);

function finding(id: string, dedupKey: string, severity: MaintenanceFindingV1['severity'], detectedAt = T0, extra: Partial<MaintenanceFindingV1> = {}): MaintenanceFindingV1 {
  return {
    findingId: id,
    subjectId: dedupKey.split(':')[0]!,
    component: dedupKey.split(':')[1]!,
    kind: 'limit-crossed',
    severity,
    dedupKey,
    detectedAt,
    summary: `${id} ${severity}`,
    evidence: { detector: 'd', detectorVersion: '1', readings: [] },
    origin: { topic: TOPICS.machineTelemetry, partition: 0, fromOffset: '0', toOffset: '1' },
    model: 'excavator-20t',
    ...extra,
  };
}

describe('planWorkOrders', () => {
  it('opens one work order per new dedup key and attaches the rest of the batch to it', () => {
    const plan = planWorkOrders([finding('a', 'm1:coolant', 'medium'), finding('b', 'm1:vibration', 'high'), finding('c', 'm1:coolant', 'low', T0 + 5)], new Map());
    expect(plan.opening.map((f) => f.findingId)).toEqual(['a', 'b']);
    expect(plan.changes.get('m1:coolant')).toMatchObject({ findingCount: 2, severity: 'medium', lastDetectedAt: T0 + 5, summary: 'a medium' });
  });

  it('attaches to an active work order, keeping its worse severity', () => {
    const plan = planWorkOrders([finding('a', 'm1:coolant', 'medium')], new Map([['m1:coolant', { severity: 'critical' as const, severityRank: 4 }]]));
    expect(plan.opening).toEqual([]);
    expect(plan.changes.get('m1:coolant')).toMatchObject({ findingCount: 1, severity: 'critical' });
  });

  it('raises to the worst severity, with its summary, and keeps the latest prediction', () => {
    const plan = planWorkOrders(
      [
        finding('a', 'm1:coolant', 'low', T0, { predictedTimeToLimitSec: 3600 }),
        finding('b', 'm1:coolant', 'high', T0 + 60_000, { predictedTimeToLimitSec: 600, engineHours: 12 }),
        finding('c', 'm1:coolant', 'medium', T0 + 120_000),
      ],
      new Map(),
    );
    expect(plan.changes.get('m1:coolant')).toMatchObject({
      findingCount: 3,
      severity: 'high',
      summary: 'b high',
      predictedTimeToLimitSec: 600,
      predictedLimitAt: T0 + 60_000 + 600_000,
      engineHours: 12,
    });
  });
});
