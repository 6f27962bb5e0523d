import type { TransitDisruptionV1 } from '@tsunagu/contracts';
import type { DisruptionChange, Gazetteer } from '@tsunagu/tweet-analysis';

/** Turns a detector change into the `transit.disruption.changed.v1` contract, with names and positions from the gazetteer. */
export function toDisruptionEvent(change: DisruptionChange, gazetteer: Gazetteer): TransitDisruptionV1 {
  const line = gazetteer.line(change.lineId);
  const stations = change.stationIds.flatMap((id) => {
    const s = gazetteer.station(id);
    return s ? [{ id, name: s.nameJa, position: { lat: s.lat, lon: s.lon } }] : [];
  });
  return {
    disruptionId: change.disruptionId,
    status: change.status,
    kind: change.kind,
    lineId: change.lineId,
    lineName: line?.nameJa ?? change.lineId,
    stations,
    startedAt: change.startedAt,
    ...(change.endedAt !== undefined ? { endedAt: change.endedAt } : {}),
    confidence: Math.min(1, Math.max(0, change.confidence)),
    sampleTweets: change.sampleTweets.map((t) => ({ id: t.id, text: t.text })),
    emittedAt: change.at,
  };
}
