import { TOPICS, type MaintenanceFindingV1 } from '@tsunagu/contracts';

/**
 * A finding as operation analysis emits it (by default a coolant limit crossing
 * of an excavator), for specs of maintenance and its readers; override what the
 * case is about. The finding id is `<machine>:<component>:<kind>:<detectedAt>`,
 * the dedup key `<machine>:<component>`.
 */
export function maintenanceFinding(over: Partial<MaintenanceFindingV1> & Pick<MaintenanceFindingV1, 'subjectId'>): MaintenanceFindingV1 {
  const component = over.component ?? 'coolant';
  const kind = over.kind ?? 'limit-crossed';
  const detectedAt = over.detectedAt ?? Date.now();
  return {
    findingId: `${over.subjectId}:${component}:${kind}:${detectedAt}`,
    component,
    kind,
    severity: 'high',
    dedupKey: `${over.subjectId}:${component}`,
    detectedAt,
    summary: 'Coolant temperature above its 105 °C limit',
    evidence: { detector: 'limit-hysteresis', detectorVersion: '1.0.0', readings: [{ ts: detectedAt, metric: 'coolantTempC', value: 106 }], thresholds: { limit: 105 } },
    origin: { topic: TOPICS.machineTelemetry, partition: 0, fromOffset: '10', toOffset: '16' },
    model: 'excavator-20t',
    ...over,
  };
}
