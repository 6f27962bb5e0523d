import type { FreeVehicle } from '@tsunagu/dispatch';
import { HEADERS, TOPICS, type TransitDisruptionV1 } from '@tsunagu/contracts';
import { setLogLevel, type IncomingMessage, type Tx } from '@tsunagu/platform';
import type { DispatchOptions } from '../dispatch.config';
import type { DispatchRepository, NewAssignment, Shortfall } from './dispatch.repository';
import { DispatchService } from './dispatch.service';

const NOW = Date.UTC(2026, 10, 29, 9, 0, 0);
const SHINJUKU = { lat: 35.6896, lon: 139.7006 };
const near = (metres: number) => ({ lat: SHINJUKU.lat + metres / 111_195, lon: SHINJUKU.lon });

function disruption(lineId: string, stationIds: string[], startedAt: number): TransitDisruptionV1 {
  return {
    disruptionId: `${lineId}:${startedAt}`,
    status: 'started',
    kind: 'delay',
    lineId,
    lineName: lineId,
    stations: stationIds.map((id) => ({ id, name: id, position: SHINJUKU })),
    startedAt,
    confidence: 0.8,
    sampleTweets: [],
    emittedAt: startedAt,
  };
}

/** Consumed disruption records at consecutive offsets of partition 0, each caused by a tweet at the same offset of partition 2. */
function delivered(...values: TransitDisruptionV1[]) {
  return values.map((value, i) => {
    const headers = { [HEADERS.sourceTopic]: TOPICS.tweets, [HEADERS.sourcePartition]: '2', [HEADERS.sourceOffset]: String(100 + i) };
    const message = { topic: TOPICS.transitDisruptions, partition: 0, offset: String(i), key: value.lineId, value: Buffer.alloc(0), headers, timestamp: 0 } as IncomingMessage;
    return { value, message };
  });
}

const tx = {} as Tx;

/** The repository calls the assignment path makes, over plain arrays. */
function fakeRepository(open: Shortfall[], free: Array<FreeVehicle & { ts: number; availability: string }>) {
  const inserted: NewAssignment[] = [];
  const repo = {
    insertStarted: async () => undefined,
    lockAssignment: async () => undefined,
    shortfalls: async () => open,
    freeVehicles: async () => free,
    insertAssignments: async (_tx: Tx, plan: readonly NewAssignment[]) => void inserted.push(...plan),
  };
  return { repo: repo as unknown as DispatchRepository, inserted };
}

describe('DispatchService assignment', () => {
  const options: DispatchOptions = { vehiclesPerStation: 2, maxDistanceM: 30_000, maxPositionAgeMs: 10 * 60_000 };

  beforeAll(() => setLogLevel('silent'));

  it('leaves out vehicles whose last position is older than the allowed age, however near', async () => {
    const { repo, inserted } = fakeRepository(
      [{ requestId: 'd@shinjuku', disruptionId: 'd', position: SHINJUKU, wanted: 2 }],
      [
        { vehicleId: 'stale-near', position: near(50), ts: NOW - 10 * 60_000 - 1, availability: 'parked' },
        { vehicleId: 'fresh-1', position: near(400), ts: NOW - 60_000, availability: 'parked' },
        { vehicleId: 'fresh-2', position: near(900), ts: NOW - 10 * 60_000, availability: 'moving' },
      ],
    );
    const service = new DispatchService(repo, options, { now: () => NOW });
    const outcome = await service.recordDisruptions(tx, delivered(disruption('jr-yamanote', ['shinjuku'], NOW - 5 * 60_000)));
    expect(inserted.map((p) => p.vehicleId)).toEqual(['fresh-1', 'fresh-2']);
    expect(outcome).toMatchObject({ started: 1, assigned: 2 });
  });

  it('measures the age on the injected clock', async () => {
    const free = [{ vehicleId: 'v', position: near(50), ts: NOW, availability: 'parked' }];
    const later = fakeRepository([{ requestId: 'd@shinjuku', disruptionId: 'd', position: SHINJUKU, wanted: 1 }], free);
    await new DispatchService(later.repo, options, { now: () => NOW + 11 * 60_000 }).recordDisruptions(tx, delivered(disruption('jr-yamanote', ['shinjuku'], NOW)));
    expect(later.inserted).toEqual([]);
    const now = fakeRepository([{ requestId: 'd@shinjuku', disruptionId: 'd', position: SHINJUKU, wanted: 1 }], free);
    await new DispatchService(now.repo, options, { now: () => NOW + 60_000 }).recordDisruptions(tx, delivered(disruption('jr-yamanote', ['shinjuku'], NOW)));
    expect(now.inserted.map((p) => p.vehicleId)).toEqual(['v']);
  });

  it('keeps with each assignment the lineage of the disruption start it serves: that record and the tweet behind it', async () => {
    const yamanote = disruption('jr-yamanote', ['shinjuku'], NOW);
    const chuo = disruption('jr-chuo-rapid', ['tachikawa'], NOW);
    const { repo, inserted } = fakeRepository(
      [
        { requestId: `${yamanote.disruptionId}@shinjuku`, disruptionId: yamanote.disruptionId, position: SHINJUKU, wanted: 1 },
        { requestId: 'older@shinjuku', disruptionId: 'older', position: SHINJUKU, wanted: 1 },
      ],
      [
        { vehicleId: 'v-1', position: near(50), ts: NOW, availability: 'parked' },
        { vehicleId: 'v-2', position: near(60), ts: NOW, availability: 'parked' },
      ],
    );
    await new DispatchService(repo, options, { now: () => NOW }).recordDisruptions(tx, delivered(yamanote, chuo));
    const lineageOf = (requestId: string) => inserted.find((a) => a.requestId === requestId)!.lineage;
    expect(lineageOf(`${yamanote.disruptionId}@shinjuku`)).toEqual({
      record: { topic: TOPICS.transitDisruptions, partition: 0, offset: '0' },
      source: { topic: TOPICS.tweets, partition: 2, offset: '100' },
    });
    // a request of an earlier disruption filled now follows the batch's latest record
    expect(lineageOf('older@shinjuku').record.offset).toBe('1');
  });
});
