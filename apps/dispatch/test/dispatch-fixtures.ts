import { Kafka, logLevel } from 'kafkajs';
import type { TransitDisruptionV1, VehicleStateV1 } from '@tsunagu/contracts';
import type { KafkaBus } from '@tsunagu/platform';
import { tokyoGazetteer } from '@tsunagu/tweet-analysis';
import { expectEventually, testKafkaBrokers } from '../../../test/support/test-env';

/** A point `metres` north of a position (1° of latitude ≈ 111.2 km). */
export function north(p: { lat: number; lon: number }, metres: number): { lat: number; lon: number } {
  return { lat: p.lat + metres / 111_195, lon: p.lon };
}

export function stationPosition(id: string): { lat: number; lon: number } {
  const s = tokyoGazetteer().station(id)!;
  return { lat: s.lat, lon: s.lon };
}

export function vehicle(vehicleId: string, position: { lat: number; lon: number }, availability: VehicleStateV1['availability'] = 'parked', ts = Date.now()): VehicleStateV1 {
  return { vehicleId, ts, position, headingDeg: 0, speedKmh: availability === 'moving' ? 20 : 0, availability };
}

export function disruption(
  lineId: string,
  stationIds: string[],
  startedAt: number,
  over: Partial<TransitDisruptionV1> = {},
): TransitDisruptionV1 {
  const g = tokyoGazetteer();
  return {
    disruptionId: `${lineId}:${startedAt}`,
    status: 'started',
    kind: 'suspension',
    lineId,
    lineName: g.line(lineId)!.nameJa,
    stations: stationIds.map((id) => ({ id, name: g.station(id)!.nameJa, position: stationPosition(id) })),
    startedAt,
    confidence: 0.8,
    sampleTweets: [{ id: 't1', text: '運転見合わせ' }],
    emittedAt: startedAt,
    ...over,
  };
}

/**
 * Moves a stopped consumer group back to the start of a topic, so the restarted
 * service replays everything it had already processed (the worst case of a crash
 * between the database commit and the Kafka offset commit).
 */
export async function rewindGroup(bus: KafkaBus, groupId: string, topic: string): Promise<void> {
  const admin = new Kafka({ clientId: 'rewind', brokers: testKafkaBrokers(), logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    await expectEventually(() => admin.resetOffsets({ groupId: bus.topicName(groupId), topic: bus.topicName(topic), earliest: true }), { timeoutMs: 30000, intervalMs: 500 });
  } finally {
    await admin.disconnect();
  }
}
