/**
 * Vehicle dispatch against a real Kafka and a real PostgreSQL: vehicle states and
 * disruptions produced straight onto their topics; the nearest free vehicles are
 * assigned, never one vehicle twice, released when the disruption ends; a
 * restarted service that replays its topics from the start changes nothing twice.
 */
import { TOPICS, type TransitDisruptionV1, type VehicleStateV1 } from '@tsunagu/contracts';
import { appUnderTest } from '../../../test/support/app-under-test';
import { expectEventually, uniqueId } from '../../../test/support/test-env';
import { DISPATCH, DispatchModule } from '@apps/dispatch';
import { disruption, north, rewindGroup, stationPosition, vehicle } from './dispatch-fixtures';

const T0 = Date.UTC(2026, 10, 29, 7, 0, 0);

describe('dispatch', () => {
  /** the service on a bus of its own, stopped and started like a separate process */
  const rig = appUnderTest({
    serviceName: 'dispatch',
    kafka: uniqueId('dsp-'),
    compactedTopics: [TOPICS.vehicleState],
    topics: [TOPICS.transitDisruptions],
    restartable: true,
    modules: [DispatchModule.register({ vehiclesPerStation: 2, maxDistanceM: 30_000 })],
  });

  async function publishVehicles(...states: VehicleStateV1[]): Promise<void> {
    await rig.bus.publish(TOPICS.vehicleState, states.map((s) => ({ key: s.vehicleId, value: JSON.stringify(s) })));
  }

  async function publishDisruptions(...events: TransitDisruptionV1[]): Promise<void> {
    await rig.bus.publish(TOPICS.transitDisruptions, events.map((e) => ({ key: e.lineId, value: JSON.stringify(e) })));
  }

  // REST bodies are asserted field by field below
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async function get(path: string): Promise<any> {
    const res = await rig.app.request('GET', path, { role: 'dispatch' });
    expect(res.status).toBe(200);
    return res.body;
  }

  async function activeAssignments(): Promise<Array<{ requestId: string; vehicleId: string; distanceM: number }>> {
    return (await get('/dispatch/assignments?active=true')).items;
  }

  const shinjuku = stationPosition('shinjuku');
  const shibuya = stationPosition('shibuya');
  const yamanote = disruption('jr-yamanote', ['shinjuku', 'shibuya'], T0);
  const chuo = disruption('jr-chuo-rapid', ['shinjuku'], T0 + 60_000);

  it('assigns the nearest free dispatchable vehicles to each affected station', async () => {
    await publishVehicles(
      vehicle('v-sj-crashed', north(shinjuku, 50), 'incident'),
      vehicle('v-sj-offline', north(shinjuku, 80), 'offline'),
      vehicle('v-sj-1', north(shinjuku, 200)),
      vehicle('v-sj-2', north(shinjuku, 600), 'moving'),
      vehicle('v-sb-1', north(shibuya, -300)),
      vehicle('v-sb-2', north(shibuya, -900)),
      vehicle('v-tachikawa', stationPosition('tachikawa')),
      vehicle('v-chiba', stationPosition('chiba')),
    );
    await expectEventually(async () => expect((await get('/dispatch/vehicles')).items).toHaveLength(8));

    await publishDisruptions(yamanote);
    await expectEventually(async () => {
      const byStation = (await activeAssignments()).map((a) => `${a.requestId}=${a.vehicleId}`).sort();
      expect(byStation).toEqual([
        `${yamanote.disruptionId}@shibuya=v-sb-1`,
        `${yamanote.disruptionId}@shibuya=v-sb-2`,
        `${yamanote.disruptionId}@shinjuku=v-sj-1`,
        `${yamanote.disruptionId}@shinjuku=v-sj-2`,
      ]);
    });
    const detail = (await rig.app.request('GET', `/dispatch/disruptions/${encodeURIComponent(yamanote.disruptionId)}`, { role: 'dispatch' })).body;
    expect(detail.status).toBe('active');
    expect(detail.requests).toHaveLength(2);
    expect(detail.requests[0].assignments[0].distanceM).toBeLessThan(1000);
    expect((await get('/dispatch/disruptions')).items.map((d: { disruptionId: string }) => d.disruptionId)).toEqual([yamanote.disruptionId]);
  });

  it('never sends a vehicle to two requests at once, and ignores a repeated event', async () => {
    await publishDisruptions(yamanote, chuo);
    // Shinjuku's nearby vehicles are taken; Tachikawa is the nearest free one within 30 km (Chiba is farther)
    await expectEventually(async () => {
      const chuoAssignments = (await get(`/dispatch/assignments?disruptionId=${encodeURIComponent(chuo.disruptionId)}`)).items;
      expect(chuoAssignments.map((a: { vehicleId: string }) => a.vehicleId)).toEqual(['v-tachikawa']);
    });
    const active = await activeAssignments();
    expect(active).toHaveLength(5);
    expect(new Set(active.map((a) => a.vehicleId)).size).toBe(5);
  });

  it('a vehicle that has an incident is released; its request stays short when no free vehicle is in range', async () => {
    await publishVehicles(vehicle('v-sb-2', north(shibuya, -900), 'incident', Date.now() + 1000));
    await expectEventually(async () => {
      const active = await activeAssignments();
      expect(active.map((a) => a.vehicleId)).not.toContain('v-sb-2');
      // the only free vehicle left within 30 km of Shibuya is none (Chiba is ~40 km): the request stays short
      expect(active).toHaveLength(4);
    });
  });

  it('restarted mid-stream and replaying from the start: nothing lost, no duplicate assignment; the end releases vehicles', async () => {
    await rig.restartable.stop();
    await rewindGroup(rig.bus, DISPATCH.disruptionsGroup, TOPICS.transitDisruptions);
    await rewindGroup(rig.bus, DISPATCH.vehiclesGroup, TOPICS.vehicleState);
    // produced while dispatch is down: the Yamanote disruption ends, and its start arrives once more
    await publishDisruptions({ ...yamanote, status: 'ended', endedAt: T0 + 30 * 60_000, emittedAt: T0 + 30 * 60_000 }, yamanote);
    await rig.restartable.start();

    await expectEventually(async () => {
      const d = (await rig.app.request('GET', `/dispatch/disruptions/${encodeURIComponent(yamanote.disruptionId)}`, { role: 'dispatch' })).body;
      expect(d.status).toBe('ended');
      expect(d.requests.every((r: { status: string }) => r.status === 'closed')).toBe(true);
    });
    await expectEventually(async () => {
      const active = await activeAssignments();
      // Chuo's Shinjuku request wanted 2: the released v-sj-1 (nearest) joins Tachikawa
      expect(active.map((a) => a.vehicleId).sort()).toEqual(['v-sj-1', 'v-tachikawa']);
    });
    const all = (await get('/dispatch/assignments')).items as Array<{ vehicleId: string; requestId: string }>;
    // 4 for Yamanote (released), Tachikawa and v-sj-1 for Chuo: the replayed events assigned nothing again
    expect(all).toHaveLength(6);
    expect(new Set(all.map((a) => `${a.requestId}/${a.vehicleId}`)).size).toBe(6);
    expect((await get('/dispatch/disruptions')).items.map((d: { disruptionId: string }) => d.disruptionId)).toEqual([chuo.disruptionId]);
  });

  it('does not send a vehicle whose last position is older than the allowed age, and shows why', async () => {
    const ikebukuro = stationPosition('ikebukuro');
    const twoHoursAgo = Date.now() - 2 * 3_600_000;
    await publishVehicles(vehicle('v-ik-stale', north(ikebukuro, 100), 'parked', twoHoursAgo), vehicle('v-ik-fresh', north(ikebukuro, 2000)));
    await expectEventually(async () => expect((await get('/dispatch/vehicles?pageSize=500')).items.map((v: { vehicleId: string }) => v.vehicleId)).toEqual(expect.arrayContaining(['v-ik-stale', 'v-ik-fresh'])));

    const saikyo = disruption('jr-saikyo', ['ikebukuro'], T0 + 3_600_000);
    await publishDisruptions(saikyo);
    const assigned = await expectEventually(async () => {
      const items = (await get(`/dispatch/assignments?disruptionId=${encodeURIComponent(saikyo.disruptionId)}`)).items as Array<{ vehicleId: string }>;
      expect(items).toHaveLength(2);
      return items.map((a) => a.vehicleId);
    });
    // the stale one is 100 m away, the fresh one 2 km: only the fresh one (and the next nearest free one) is sent
    expect(assigned).toContain('v-ik-fresh');
    expect(assigned).not.toContain('v-ik-stale');

    const byId = new Map(((await get('/dispatch/vehicles?pageSize=500')).items as Array<Record<string, unknown>>).map((v) => [v.vehicleId, v]));
    expect(byId.get('v-ik-stale')).toMatchObject({ dispatchable: false, reason: 'stale-position', activeRequestId: null });
    expect(byId.get('v-ik-stale')!.positionAgeMs as number).toBeGreaterThanOrEqual(2 * 3_600_000);
    expect(byId.get('v-ik-fresh')).toMatchObject({ dispatchable: false, reason: 'assigned', activeRequestId: `${saikyo.disruptionId}@ikebukuro` });
    expect(byId.get('v-sb-2')).toMatchObject({ dispatchable: false, reason: 'availability', availability: 'incident' });

    // a fresh position makes it dispatchable again
    await publishVehicles(vehicle('v-ik-stale', north(ikebukuro, 100), 'parked', Date.now()));
    await expectEventually(async () => {
      const v = ((await get('/dispatch/vehicles?pageSize=500')).items as Array<Record<string, unknown>>).find((x) => x.vehicleId === 'v-ik-stale');
      expect(v).toMatchObject({ dispatchable: true, reason: null });
    });
  });

  it('pages every list and answers 400 naming a bad page field', async () => {
    const all = await get('/dispatch/vehicles?pageSize=500');
    expect(all).toMatchObject({ page: 1, pageSize: 500, total: all.items.length });
    const second = await get('/dispatch/vehicles?pageSize=3&page=2');
    expect(second).toMatchObject({ page: 2, pageSize: 3, total: all.total });
    expect(second.items.map((v: { vehicleId: string }) => v.vehicleId)).toEqual(all.items.slice(3, 6).map((v: { vehicleId: string }) => v.vehicleId));
    const assignments = await get('/dispatch/assignments?pageSize=1');
    expect(assignments.items).toHaveLength(1);
    expect(assignments.total).toBeGreaterThan(1);
    expect((await get('/dispatch/disruptions?status=all&pageSize=1')).total).toBeGreaterThanOrEqual(3);
    expect((await get('/dispatch/requests?pageSize=2')).items).toHaveLength(2);
    const bad = await rig.app.request('GET', '/dispatch/assignments?pageSize=0', { role: 'dispatch' });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('pageSize');
  });

  it('answers 404 for an unknown disruption, 400 naming a bad filter, 401/403 without the role', async () => {
    expect((await rig.app.request('GET', '/dispatch/disruptions/nope', { role: 'dispatch' })).status).toBe(404);
    const bad = await rig.app.request('GET', '/dispatch/disruptions?status=maybe', { role: 'dispatch' });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('status');
    expect((await rig.app.request('GET', '/dispatch/disruptions', { role: 'trading' })).status).toBe(403);
    expect((await rig.app.request('GET', '/dispatch/disruptions', { role: null })).status).toBe(401);
  });
});
