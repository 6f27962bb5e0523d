import { TOPICS, type VehicleIncidentV1 } from '@tsunagu/contracts';
import { planCases } from './case-plan';
import type { Priority } from './case-lifecycle';

const NOW = Date.UTC(2026, 0, 5, 9);
const SLA: Record<Priority, number> = { 1: 60, 2: 300, 3: 900, 4: 3600 };

function incident(findingId: string, subjectId: string, kind: VehicleIncidentV1['kind'], severity: VehicleIncidentV1['severity'], lat = 35.6): VehicleIncidentV1 {
  return {
    findingId,
    subjectId,
    kind,
    component: 'body',
    severity,
    dedupKey: `${subjectId}:${kind}`,
    detectedAt: NOW,
    summary: `${kind} ${severity}`,
    evidence: { detector: kind, detectorVersion: '1.0.0', readings: [] },
    origin: { topic: TOPICS.vehicleTelemetry, partition: 0, fromOffset: '1', toOffset: '2' },
    position: { lat, lon: 139.7 },
  };
}

describe('planCases', () => {
  it('opens one case per vehicle and kind; later incidents of the batch attach to it and raise it', () => {
    const plan = planCases(
      [incident('a', 'v1', 'overheating', 'medium'), incident('b', 'v1', 'overheating', 'critical', 35.7), incident('c', 'v2', 'overheating', 'low')],
      new Map(),
      NOW,
      SLA,
    );
    expect([...plan.cases.keys()]).toEqual(['v1|overheating', 'v2|overheating']);
    expect(plan.cases.get('v1|overheating')).toMatchObject({ id: null, priority: 2, severity: 'critical', slaDueAt: NOW + 300_000, lastPosition: { lat: 35.7 }, attached: 1 });
    expect(plan.events.map((e) => [e.caseKey, e.type])).toEqual([
      ['v1|overheating', 'opened'],
      ['v1|overheating', 'incident-attached'],
      ['v1|overheating', 'priority-raised'],
      ['v2|overheating', 'opened'],
    ]);
    expect(plan.events[2]!.detail).toEqual({ from: 4, to: 2, slaDueAt: new Date(NOW + 300_000) });
  });

  it('attaches to an open case without lowering its priority, severity or moving its due time later', () => {
    const open = new Map([['v1|crash', { id: 'case-1', priority: 1 as Priority, severity: 'critical' as const, slaDueAt: NOW - 1000 }]]);
    const plan = planCases([incident('a', 'v1', 'crash', 'low')], open, NOW, SLA);
    expect(plan.cases.get('v1|crash')).toMatchObject({ id: 'case-1', priority: 1, severity: 'critical', slaDueAt: NOW - 1000, attached: 1 });
    expect(plan.events.map((e) => e.type)).toEqual(['incident-attached']);
  });
});
