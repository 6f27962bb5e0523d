/**
 * Dispatch's service and repository against a real PostgreSQL (no Kafka): the
 * consumers' work in one transaction, each assignment's lineage back to the
 * disruption records and the tweets behind them, a request a dispatcher closes,
 * and the migration that moves
 * processed event ids into the kernel's table.
 */
import { HEADERS, TOPICS, type TransitDisruptionV1 } from '@tsunagu/contracts';
import { ManualClock, setLogLevel, type Tx } from '@tsunagu/platform';
import { DISPATCH_SERVICE } from '@apps/dispatch';
import { DispatchRepository } from '../src/disruptions/dispatch.repository';
import { DispatchService } from '../src/disruptions/dispatch.service';
import { DispatchInit1764600000000 } from '../src/migrations/1764600000000-dispatch-init';
import { disruption, north, stationPosition, vehicle } from './dispatch-fixtures';
import { afterMigrating, delivered, openTestServiceDatabase, type TestServiceDatabase } from '../../../test/support/kernel-fixtures';

const T0 = Date.UTC(2026, 10, 29, 7, 0, 0);
/** the tweet behind a disruption record, as tweet analysis' publisher writes it into the headers */
const causedBy = (partition: number, offset: number) => ({
  [HEADERS.sourceTopic]: TOPICS.tweets,
  [HEADERS.sourcePartition]: String(partition),
  [HEADERS.sourceOffset]: String(offset),
});

describe('dispatch service (real PostgreSQL)', () => {
  let t: TestServiceDatabase;
  let service: DispatchService;
  const clock = new ManualClock(T0);
  const shinjuku = stationPosition('shinjuku');
  const inTx = <R>(work: (tx: Tx) => Promise<R>) => t.db.transaction(work);
  const yamanote = disruption('jr-yamanote', ['shinjuku'], T0 - 60_000);

  beforeAll(async () => {
    setLogLevel('silent');
    t = await openTestServiceDatabase(DISPATCH_SERVICE);
    service = new DispatchService(new DispatchRepository(t.db), { vehiclesPerStation: 2, maxDistanceM: 30_000, maxPositionAgeMs: 15 * 60_000 }, clock);
    await inTx((tx) =>
      service.recordVehicleStates(tx, [
        delivered(TOPICS.vehicleState, vehicle('v-1', north(shinjuku, 100), 'parked', T0), { partition: 0, offset: 0 }),
        delivered(TOPICS.vehicleState, vehicle('v-2', north(shinjuku, 300), 'parked', T0), { partition: 0, offset: 1 }),
      ]),
    );
  });
  afterAll(() => t?.close());

  it('an assignment leads back to the started record and the tweet behind it; the end adds its own record', async () => {
    const outcome = await inTx((tx) => service.recordDisruptions(tx, [delivered(TOPICS.transitDisruptions, yamanote, { partition: 2, offset: 7, headers: causedBy(1, 41) })]));
    expect(outcome).toMatchObject({ started: 1, assigned: 2 });
    const [first] = (await service.listAssignments({ disruptionId: yamanote.disruptionId, page: 1, pageSize: 10 })).items;

    const started = { record: { topic: TOPICS.transitDisruptions, partition: 2, offset: '7' }, source: { topic: TOPICS.tweets, partition: 1, offset: '41' } };
    expect(await service.lineage(first!.assignmentId)).toEqual({
      assignment: expect.objectContaining({ assignmentId: first!.assignmentId, vehicleId: 'v-1', releasedAt: null }),
      trigger: started,
      disruption: { disruptionId: yamanote.disruptionId, lineId: 'jr-yamanote', status: 'active', stationId: 'shinjuku', started, ended: null, sampleTweetIds: ['t1'] },
    });

    // ended by tweet analysis' quiet-lines job: a cause that is no Kafka record
    const ended: TransitDisruptionV1 = { ...yamanote, status: 'ended', endedAt: T0, emittedAt: T0 };
    const jobHeaders = { [HEADERS.sourceTopic]: 'job:quiet-lines', [HEADERS.sourcePartition]: '-1', [HEADERS.sourceOffset]: '-1' };
    await inTx((tx) => service.recordDisruptions(tx, [delivered(TOPICS.transitDisruptions, ended, { partition: 2, offset: 8, headers: jobHeaders })]));
    const after = await service.lineage(first!.assignmentId);
    expect(after.assignment).toMatchObject({ releaseReason: 'disruption-ended' });
    expect(after.disruption).toMatchObject({ status: 'ended', started, ended: { record: { topic: TOPICS.transitDisruptions, partition: 2, offset: '8' }, source: { topic: 'job:quiet-lines' } } });
  });

  it('a vehicle freed or refreshed by its state is assigned after that state record', async () => {
    const chuo = disruption('jr-chuo-rapid', ['shinjuku'], T0);
    await inTx((tx) => service.recordDisruptions(tx, [delivered(TOPICS.transitDisruptions, chuo, { partition: 0, offset: 3, headers: causedBy(0, 9) })]));
    // v-1 and v-2 (freed by the Yamanote end) went to Chuo
    const fullBefore = (await service.listAssignments({ disruptionId: chuo.disruptionId, active: true, page: 1, pageSize: 10 })).items;
    expect(fullBefore).toHaveLength(2);
    // v-2 has an incident: released, and the newcomer (in the same batch) takes its place, after its own state record
    await inTx((tx) =>
      service.recordVehicleStates(tx, [
        delivered(TOPICS.vehicleState, vehicle('v-2', north(shinjuku, 300), 'incident', T0 + 1), { partition: 1, offset: 20 }),
        delivered(TOPICS.vehicleState, vehicle('v-3', north(shinjuku, 900), 'parked', T0 + 1), { partition: 1, offset: 21 }),
      ]),
    );
    const active = (await service.listAssignments({ disruptionId: chuo.disruptionId, active: true, page: 1, pageSize: 10 })).items;
    expect(active.map((a) => a.vehicleId).sort()).toEqual(['v-1', 'v-3']);
    const newcomer = active.find((a) => a.vehicleId === 'v-3')!;
    expect((await service.lineage(newcomer.assignmentId)).trigger).toEqual({ record: { topic: TOPICS.vehicleState, partition: 1, offset: '21' }, source: null });
  });

  it('a dispatcher closing a request releases its vehicles to the other open requests; closing it again is a coded 409', async () => {
    const chuo = `${disruption('jr-chuo-rapid', ['shinjuku'], T0).disruptionId}@shinjuku`;
    // a second line's request at the same station finds every dispatchable vehicle taken
    const toei = disruption('toei-shinjuku', ['shinjuku'], T0 + 2);
    expect(await inTx((tx) => service.recordDisruptions(tx, [delivered(TOPICS.transitDisruptions, toei, { partition: 1, offset: 4, headers: causedBy(0, 10) })]))).toMatchObject({ assigned: 0 });
    const closed = await service.closeRequest(chuo, 'haruto', 'enough taxis at the rank');
    expect(closed).toMatchObject({ requestId: chuo, status: 'closed', closedBy: 'haruto', closeNote: 'enough taxis at the rank' });
    expect((await service.listAssignments({ vehicleId: 'v-1', page: 1, pageSize: 10 })).items.find((a) => a.requestId === chuo)).toMatchObject({ releaseReason: 'request-closed' });
    const moved = (await service.listAssignments({ disruptionId: toei.disruptionId, active: true, page: 1, pageSize: 10 })).items;
    expect(moved.map((a) => a.vehicleId).sort()).toEqual(['v-1', 'v-3']);
    // no Kafka record made these: the lineage names the dispatcher's action
    expect((await service.lineage(moved[0]!.assignmentId)).trigger).toEqual({ record: { topic: 'action:dispatch.close-request' }, source: null });
    await expect(service.closeRequest(chuo, 'haruto', undefined)).rejects.toMatchObject({ code: 'INVALID_TRANSITION', details: { currentStatus: 'closed', allowedTransitions: [] } });
    await expect(service.closeRequest('no-such-request', 'haruto', undefined)).rejects.toMatchObject({ code: 'REQUEST_NOT_FOUND' });
  });

  it('answers an unknown assignment with its coded 404', async () => {
    await expect(service.lineage('424242')).rejects.toMatchObject({ code: 'ASSIGNMENT_NOT_FOUND' });
  });
});

describe('dispatch migrations (real PostgreSQL)', () => {
  it('move the processed event ids into the kernel’s table under the disruptions group', () =>
    afterMigrating(
      DISPATCH_SERVICE,
      [DispatchInit1764600000000],
      (db) => db.query(`INSERT INTO dispatch.processed_events (event_id) VALUES ('jr-yamanote:1:started'), ('jr-yamanote:1:ended')`),
      async (db) => {
        expect(await db.query(`SELECT group_id, message_id FROM dispatch.kernel_processed ORDER BY message_id`)).toEqual([
          { group_id: 'dispatch-disruptions', message_id: 'jr-yamanote:1:ended' },
          { group_id: 'dispatch-disruptions', message_id: 'jr-yamanote:1:started' },
        ]);
        expect(await db.query(`SELECT to_regclass('dispatch.processed_events') AS t`)).toEqual([{ t: null }]);
      },
    ));
});
