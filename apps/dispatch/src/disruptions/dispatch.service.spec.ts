import type { EntityManager } from 'typeorm';
import type { FreeVehicle, OpenRequest, PlannedAssignment } from '@tsunagu/dispatch';
import type { TransitDisruptionV1 } from '@tsunagu/contracts';
import type { DispatchOptions } from '../dispatch.config';
import type { DispatchRepository } from './dispatch.repository';
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

/** The repository calls the assignment path makes, over plain arrays. */
function fakeRepository(open: OpenRequest[], free: Array<FreeVehicle & { ts: number; availability: string }>) {
  const inserted: PlannedAssignment[] = [];
  const repo = {
    transaction: <R>(fn: (m: EntityManager) => Promise<R>) => fn({} as EntityManager),
    markProcessed: async () => true,
    insertStarted: async () => undefined,
    lockAssignment: async () => undefined,
    shortfalls: async () => open,
    freeVehicles: async () => free,
    insertAssignments: async (_m: EntityManager, plan: readonly PlannedAssignment[]) => void inserted.push(...plan),
  };
  return { repo: repo as unknown as DispatchRepository, inserted };
}

describe('DispatchService assignment', () => {
  const options: DispatchOptions = { vehiclesPerStation: 2, maxDistanceM: 30_000, maxPositionAgeMs: 10 * 60_000 };

  it('leaves out vehicles whose last position is older than the allowed age, however near', async () => {
    const { repo, inserted } = fakeRepository(
      [{ requestId: 'd@shinjuku', position: SHINJUKU, wanted: 2 }],
      [
        { vehicleId: 'stale-near', position: near(50), ts: NOW - 10 * 60_000 - 1, availability: 'parked' },
        { vehicleId: 'fresh-1', position: near(400), ts: NOW - 60_000, availability: 'parked' },
        { vehicleId: 'fresh-2', position: near(900), ts: NOW - 10 * 60_000, availability: 'moving' },
      ],
    );
    const service = new DispatchService(repo, options, { now: () => NOW });
    const outcome = await service.recordDisruptions([disruption('jr-yamanote', ['shinjuku'], NOW - 5 * 60_000)]);
    expect(inserted.map((p) => p.vehicleId)).toEqual(['fresh-1', 'fresh-2']);
    expect(outcome).toMatchObject({ started: 1, assigned: 2 });
  });

  it('measures the age on the injected clock', async () => {
    const free = [{ vehicleId: 'v', position: near(50), ts: NOW, availability: 'parked' }];
    const later = fakeRepository([{ requestId: 'd@shinjuku', position: SHINJUKU, wanted: 1 }], free);
    await new DispatchService(later.repo, options, { now: () => NOW + 11 * 60_000 }).recordDisruptions([disruption('jr-yamanote', ['shinjuku'], NOW)]);
    expect(later.inserted).toEqual([]);
    const now = fakeRepository([{ requestId: 'd@shinjuku', position: SHINJUKU, wanted: 1 }], free);
    await new DispatchService(now.repo, options, { now: () => NOW + 60_000 }).recordDisruptions([disruption('jr-yamanote', ['shinjuku'], NOW)]);
    expect(now.inserted.map((p) => p.vehicleId)).toEqual(['v']);
  });
});
