import { TOPICS, type VehicleIncidentV1 } from '@tsunagu/contracts';

/**
 * A vehicle incident as vehicle monitoring emits it, for specs of its consumers:
 * the vehicle and the kind are what the case is about; override the rest. The
 * finding id is `<vehicle>:<kind>:<detectedAt>`, the dedup key `<vehicle>:<kind>`.
 */
export function vehicleIncident(over: Partial<VehicleIncidentV1> & Pick<VehicleIncidentV1, 'subjectId' | 'kind'>): VehicleIncidentV1 {
  const detectedAt = over.detectedAt ?? Date.now();
  return {
    findingId: `${over.subjectId}:${over.kind}:${detectedAt}`,
    component: 'body',
    severity: 'high',
    dedupKey: `${over.subjectId}:${over.kind}`,
    detectedAt,
    summary: `${over.kind} on ${over.subjectId}`,
    evidence: { detector: over.kind, detectorVersion: '1.0.0', readings: [] },
    origin: { topic: TOPICS.vehicleTelemetry, partition: 1, fromOffset: '40', toOffset: '42' },
    position: { lat: 35.68, lon: 139.76 },
    ...over,
  };
}
