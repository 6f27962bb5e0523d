/**
 * Telemetry history end to end on real services: devices publish over MQTT
 * (ingest broker) → Kafka → the history's consumer groups → PostgreSQL, and the
 * readings come back through the REST API raw (CSV, JSON Lines, paged) and
 * downsampled, every bucket's min/max/avg/last equal to what this test computes
 * from the readings it sent. Retention drops an old partition; a restart in the
 * middle of a stream leaves no gap and no duplicate.
 */
import { TOPICS } from '@tsunagu/contracts';
import { ManualClock } from '@tsunagu/platform';
import { appUnderTest } from '../../../test/support/app-under-test';
import { TEST_TOKENS } from '../../../test/support/app-harness';
import { createTestBus, expectEventually, uniqueId } from '../../../test/support/test-env';
import { provisionMachine, publishOverMqtt, type Device } from '../../operation-analysis/test/pair1-fixtures';
import { provisionVehicle, vanReading } from '../../vehicle-monitoring/test/vehicle-fleet';
import { PartitionJob, TelemetryHistoryModule } from '../src/index';
import { exactSeries, expectedBuckets, mergeAnswers } from './history-fixtures';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

describe('telemetry history: MQTT → Kafka → history → REST (real Kafka, real PostgreSQL)', () => {
  const prefix = uniqueId('th-');
  // readings carry real recent times (the broker refuses records ahead of its clock)
  const T0 = Math.floor(Date.now() / HOUR) * HOUR - 2 * DAY;
  const clock = new ManualClock(Date.now());
  const rig = appUnderTest({ serviceName: 'history-edge', kafka: prefix, topics: [TOPICS.machineTelemetry, TOPICS.vehicleTelemetry], ingest: {}, pg: true });

  /** The history service on its own bus, so it can be stopped and started like a separate process. */
  const history = rig.resources.restartable(() => ({ serviceName: 'telemetry-history', bus: () => createTestBus(prefix), databaseUrl: rig.db.url, modules: [TelemetryHistoryModule.register()], clock }));
  const get = async (path: string, role: 'operator' | 'maintenance' | 'trading' = 'operator') => (await history.app.request('GET', path, { role })).body;
  const storedSeqs = async (deviceId: string): Promise<number[]> =>
    (await rig.pg.query(`SELECT seq FROM telemetry_history.readings WHERE device_id = $1 ORDER BY seq`, [deviceId])).rows.map((r) => Number(r.seq));
  const untilLatest = (deviceId: string, seq: number, readings?: number) =>
    expectEventually(async () => {
      const { items } = await get(`/telemetry/latest?deviceId=${deviceId}`);
      expect(items[0]?.seq).toBe(seq);
      if (readings !== undefined) expect(items[0]?.readings).toBe(readings);
    }, { timeoutMs: 60_000, intervalMs: 200 });
  const newMachine = (): Promise<Device> => provisionMachine(rig.app, 'excavator-20t', 'shinjuku-a');
  /** GET with every aggregation, merged per bucket. */
  const allAggregations = async (deviceId: string, from: number, to: number, points: number) => {
    const answers = Object.fromEntries(
      await Promise.all((['min', 'max', 'avg', 'last'] as const).map(async (agg) => [agg, await get(`/telemetry/devices/${deviceId}/history?metric=coolantTempC&from=${from}&to=${to}&points=${points}&agg=${agg}`)] as const)),
    ) as Record<'min' | 'max' | 'avg' | 'last', { source: string; bucketMs: number; points: Array<{ t: number; count: number; value: number }> }>;
    return { source: answers.min.source, bucketMs: answers.min.bucketMs, buckets: mergeAnswers(answers), answers };
  };

  beforeAll(() => history.start());

  it('gives the readings back raw and downsampled: every bucket’s min, max, avg and last as computed here', async () => {
    const machine = await newMachine();
    const readings = exactSeries(machine.deviceId, { startTs: T0, count: 1440 });
    await publishOverMqtt(rig.mqttUrl, machine, readings);
    await untilLatest(machine.deviceId, 1439, 1440);
    const samples = readings.map((r) => ({ ts: r.ts, value: r.coolantTempC }));
    const from = T0;
    const to = T0 + 2 * HOUR;

    // short range: raw rows (8 s buckets); longer buckets: minute roll-ups (3 min); each exact
    for (const [points, source, bucketMs] of [[1000, 'raw', 8000], [50, 'minute', 3 * MINUTE]] as const) {
      const got = await allAggregations(machine.deviceId, from, to, points);
      expect({ source: got.source, bucketMs: got.bucketMs }).toEqual({ source, bucketMs });
      expect(got.buckets.length).toBeLessThanOrEqual(points);
      expect(got.buckets).toEqual(expectedBuckets(samples, bucketMs).map(({ sum: _s, ...b }) => b));
    }
    const envelope = await get(`/telemetry/devices/${machine.deviceId}/history?metric=coolantTempC&from=${from}&to=${to}&points=50&agg=envelope`);
    expect(envelope.points).toEqual(expectedBuckets(samples, 3 * MINUTE).map((b) => ({ t: b.t, count: b.count, min: b.min, max: b.max })));

    // raw export as JSON Lines, two keyset pages following the Link header
    const lines: Array<{ seq: number; ts: number; values: { coolantTempC: number } }> = [];
    let next: string | null = `/telemetry/devices/${machine.deviceId}/readings?format=jsonl&from=${from}&to=${to}&limit=1000`;
    let pages = 0;
    while (next) {
      const res: Response = await fetch(`${history.app.httpUrl}${next}`, { headers: { authorization: `Bearer ${TEST_TOKENS.operator}` } });
      expect({ next, status: res.status }).toEqual({ next, status: 200 });
      expect(res.headers.get('content-type')).toContain('application/jsonl');
      const body = await res.text();
      lines.push(...body.trim().split('\n').map((l) => JSON.parse(l)));
      next = /<([^>]+)>; rel="next"/.exec(res.headers.get('link') ?? '')?.[1] ?? null;
      pages += 1;
    }
    expect(pages).toBe(2);
    expect(lines.map((l) => [l.seq, l.ts, l.values.coolantTempC])).toEqual(readings.map((r) => [r.seq, r.ts, r.coolantTempC]));

    // and as CSV: a header naming the metrics, one line per reading
    const csv = await (await fetch(`${history.app.httpUrl}/telemetry/devices/${machine.deviceId}/readings?format=csv&from=${from}&to=${to}&limit=5000`, { headers: { authorization: `Bearer ${TEST_TOKENS.operator}` } })).text();
    const [header, ...rows] = csv.trimEnd().split('\r\n');
    const columns = header!.split(',');
    expect(columns.slice(0, 7)).toEqual(['time', 'epochMs', 'deviceId', 'seq', 'state', 'lat', 'lon']);
    expect(rows.map((l) => Number(l.split(',')[columns.indexOf('coolantTempC')]))).toEqual(readings.map((r) => r.coolantTempC));
  });

  it('answers a long range from the hourly roll-ups, still exactly', async () => {
    const machine = await newMachine();
    // 3 days, one reading every 10 minutes, from a 6-hour boundary (so 12 buckets cover them)
    const from = Math.floor((T0 - DAY) / (6 * HOUR)) * 6 * HOUR;
    const readings = exactSeries(machine.deviceId, { startTs: from, count: 432, intervalSec: 600 });
    await publishOverMqtt(rig.mqttUrl, machine, readings);
    await untilLatest(machine.deviceId, 431, 432);
    const got = await allAggregations(machine.deviceId, from, from + 3 * DAY, 12);
    expect({ source: got.source, bucketMs: got.bucketMs }).toEqual({ source: 'hour', bucketMs: 6 * HOUR });
    expect(got.buckets).toEqual(expectedBuckets(readings.map((r) => ({ ts: r.ts, value: r.coolantTempC })), 6 * HOUR).map(({ sum: _s, ...b }) => b));
  });

  it('keeps a vehicle’s positions and draws its track simplified', async () => {
    const van = await provisionVehicle(rig.app, rig.mqttUrl);
    try {
      // north for 150 readings, then east for 150: a simplified track keeps the corner
      const readings = Array.from({ length: 300 }, (_, i) =>
        vanReading(T0, i, { position: i < 150 ? { lat: 35.68 + i * 0.0001, lon: 139.76 } : { lat: 35.68 + 149 * 0.0001, lon: 139.76 + (i - 149) * 0.0001 } }),
      );
      await van.send(readings);
      await untilLatest(van.id, 299, 300);
      const track = await get(`/telemetry/devices/${van.id}/track?from=${T0}&to=${T0 + HOUR}&toleranceM=2`);
      expect(track).toMatchObject({ rawPoints: 300, thinned: false });
      expect(track.points.map((p: number[]) => p[0])).toEqual([T0, T0 + 149_000, T0 + 299_000]);
      const latest = await get(`/telemetry/latest?kind=vehicle&deviceId=${van.id}`);
      expect(latest.items[0]).toMatchObject({ kind: 'vehicle', state: 'moving', position: { lat: readings[299]!.position.lat, lon: readings[299]!.position.lon } });
    } finally {
      await van.close();
    }
  });

  it('restarted in the middle of a stream, with the device resending: no gap, no duplicate row, roll-ups counted once', async () => {
    const machine = await newMachine();
    const readings = exactSeries(machine.deviceId, { startTs: T0 + 3 * HOUR, count: 3000 });
    const publishing = publishOverMqtt(rig.mqttUrl, machine, readings, 20);
    await expectEventually(async () => expect((await storedSeqs(machine.deviceId)).length).toBeGreaterThanOrEqual(300), { timeoutMs: 60_000 });
    await history.stop();
    const atStop = (await storedSeqs(machine.deviceId)).length;
    expect(atStop).toBeLessThan(readings.length);
    await history.start();
    await publishing;
    // the device resends a stretch it had sent (its outbox after a reconnect)
    await publishOverMqtt(rig.mqttUrl, machine, readings.slice(1000, 1100));
    await untilLatest(machine.deviceId, 2999, 3000);
    expect(await storedSeqs(machine.deviceId)).toEqual(readings.map((r) => r.seq));
    const { rows } = await rig.pg.query(
      `SELECT (SELECT sum(n)::int FROM telemetry_history.rollup_minute WHERE device_id = $1) AS minute, (SELECT sum(n)::int FROM telemetry_history.rollup_hour WHERE device_id = $1) AS hour`,
      [machine.deviceId],
    );
    expect(rows[0]).toEqual({ minute: 3000, hour: 3000 });
  });

  it('retention drops the old day’s partition whole; newer readings stay', async () => {
    const machine = await newMachine();
    const oldStart = Math.floor((Date.now() - 20 * DAY) / DAY) * DAY + HOUR;
    const old = exactSeries(machine.deviceId, { startTs: oldStart, count: 50, intervalSec: 60 });
    const recent = exactSeries(machine.deviceId, { startTs: T0 + 6 * HOUR, count: 50, startSeq: 50 });
    await publishOverMqtt(rig.mqttUrl, machine, [...old, ...recent]);
    await untilLatest(machine.deviceId, 99, 100);
    const partition = `readings_p${new Date(oldStart).toISOString().slice(0, 10).replaceAll('-', '')}`;
    const exists = async () => (await rig.pg.query(`SELECT to_regclass($1) AS r`, [`telemetry_history.${partition}`])).rows[0].r !== null;
    expect(await exists()).toBe(true);

    clock.set(Date.now() + 15 * DAY); // the old day is now 35 days back: past the 31-day raw retention
    try {
      const { dropped } = await history.app.app.get(PartitionJob, { strict: false }).run();
      expect(dropped).toContain(partition);
      expect(await exists()).toBe(false);
      expect(await storedSeqs(machine.deviceId)).toEqual(recent.map((r) => r.seq));
    } finally {
      clock.set(Date.now());
    }
  });

  it('refuses bad queries with 400 naming the field, unknown devices with 404, other roles with 403', async () => {
    const machine = await newMachine();
    await publishOverMqtt(rig.mqttUrl, machine, exactSeries(machine.deviceId, { startTs: T0, count: 1 }));
    await untilLatest(machine.deviceId, 0);
    const base = `/telemetry/devices/${machine.deviceId}/history?metric=coolantTempC&from=${T0}&to=${T0 + HOUR}`;
    const cases = [
      [`${base}&points=100000`, 'points'],
      [`${base}&agg=median`, 'agg'],
      [`/telemetry/devices/${machine.deviceId}/history?metric=coolantTempC&from=yesterday&to=${T0}`, 'from'],
    ] as const;
    for (const [path, field] of cases) {
      const res = await history.app.request('GET', path, { role: 'operator' });
      expect({ path, status: res.status }).toEqual({ path, status: 400 });
      expect(res.body.message).toContain(field);
    }
    const reversed = await history.app.request('GET', `/telemetry/devices/${machine.deviceId}/history?metric=coolantTempC&from=${T0 + HOUR}&to=${T0}`, { role: 'operator' });
    expect(reversed.status).toBe(400);
    expect(reversed.body.message).toContain('to');
    const metric = await history.app.request('GET', base.replace('coolantTempC', 'speedKmh'), { role: 'operator' });
    expect(metric.status).toBe(400);
    expect(metric.body.message).toContain('metric');
    expect((await history.app.request('GET', '/telemetry/devices/nope/history?metric=coolantTempC&from=1&to=2', { role: 'operator' })).status).toBe(404);
    expect((await history.app.request('GET', `${base}`, { role: 'trading' })).status).toBe(403);
    expect((await history.app.request('GET', `/telemetry/devices/${machine.deviceId}/readings?after=bogus&from=${T0}&to=${T0 + 1}`, { role: 'operator' })).status).toBe(400);
    const limits = await get('/telemetry/models/excavator-20t/limits');
    expect(limits.limits).toEqual(expect.arrayContaining([expect.objectContaining({ metric: 'coolantTempC', direction: 'above', value: 105 })]));
  });
});
