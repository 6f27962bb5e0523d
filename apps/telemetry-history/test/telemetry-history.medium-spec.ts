/**
 * The history's storage maths against a real PostgreSQL (in-process bus, no
 * Kafka): the roll-ups equal the aggregates of the raw rows however the readings
 * were batched, repeated or reordered; the raw rows and the roll-ups answer the
 * same buckets; retention drops whole partitions and the roll-ups answer after
 * the raw rows are gone; the schema check holds with partitions present.
 */
import { TOPICS, type MachineTelemetryV1 } from '@tsunagu/contracts';
import { kernelTables, KERNEL_IGNORED_TABLES, ManualClock, schemaMismatches, setLogLevel, type DbColumn } from '@tsunagu/platform';
import { DAY_MS, HOUR_MS, MINUTE_MS, planBuckets, type BucketPlan } from '@tsunagu/telemetry-history';
import { appUnderTest } from '../../../test/support/app-under-test';
import { expectEventually } from '../../../test/support/test-env';
import { HistoryRepository } from '../src/history/history.repository';
import { PartitionJob, TELEMETRY_HISTORY_SERVICE, TelemetryHistoryModule } from '../src/index';
import { coolantAt, exactSeries, expectedBuckets } from './history-fixtures';

const NOW = Date.UTC(2026, 11, 2, 12);

describe('telemetry history storage (real PostgreSQL)', () => {
  const clock = new ManualClock(NOW);
  beforeAll(() => setLogLevel('silent'));
  const rig = appUnderTest({ serviceName: 'telemetry-history', modules: [TelemetryHistoryModule.register()], clock, pg: true });

  const publish = (readings: readonly MachineTelemetryV1[]) =>
    rig.bus.publish(
      TOPICS.machineTelemetry,
      readings.map((r) => ({ key: r.deviceId, value: JSON.stringify(r), headers: { 'correlation-id': `c-${r.deviceId}-${r.seq}` } })),
    );
  const storedCount = async (deviceId: string): Promise<number> => Number((await rig.pg.query(`SELECT count(*) AS n FROM telemetry_history.readings WHERE device_id = $1`, [deviceId])).rows[0].n);
  const untilStored = (deviceId: string, n: number) =>
    expectEventually(async () => {
      const { rows } = await rig.pg.query(`SELECT readings FROM telemetry_history.devices WHERE device_id = $1`, [deviceId]);
      expect(Number(rows[0]?.readings ?? 0)).toBe(n);
    }, { timeoutMs: 30_000 });

  it('keeps each reading once and rolls up exactly the rows kept, whatever the batching, repeats and order', async () => {
    const start = NOW - 6 * HOUR_MS;
    const series = ['m-a', 'm-b'].map((id) => exactSeries(id, { startTs: start, count: 1500 }));
    // shuffled within windows (readings arrive out of order), sent in uneven publishes, and 200 of them sent twice
    const all = series.flatMap((s) => s);
    const shuffled = [...all].sort((a, b) => ((a.seq * 7919) % 61) - ((b.seq * 7919) % 61) || a.ts - b.ts);
    for (let i = 0; i < shuffled.length; i += 337) await publish(shuffled.slice(i, i + 337));
    await publish(all.filter((r) => r.seq % 15 === 0));
    for (const s of series) await untilStored(s[0]!.deviceId, s.length);
    for (const s of series) expect(await storedCount(s[0]!.deviceId)).toBe(s.length);

    for (const [table, width] of [['rollup_minute', MINUTE_MS], ['rollup_hour', HOUR_MS]] as const) {
      // every roll-up row against the aggregates of its raw rows, for every metric
      const { rows } = await rig.pg.query(`
        WITH raw AS (
          SELECT device_id, date_bin('${width} milliseconds', ts, 'epoch') AS bucket, i, count(*)::int AS n,
                 min(vals[i]) AS mn, max(vals[i]) AS mx, sum(vals[i]) AS s,
                 (array_agg(vals[i] ORDER BY ts DESC, seq DESC))[1] AS la
            FROM telemetry_history.readings, generate_series(1, 9) AS i
           GROUP BY 1, 2, 3)
        SELECT count(*)::int AS buckets,
               count(*) FILTER (WHERE r.n <> raw.n OR r.mins[raw.i] <> raw.mn OR r.maxs[raw.i] <> raw.mx OR r.lasts[raw.i] <> raw.la)::int AS wrong,
               -- sums: exact for the quarter-valued coolant (i = 1); the others differ by the order floats were added in
               count(*) FILTER (WHERE (raw.i = 1 AND r.sums[1] <> raw.s) OR abs(r.sums[raw.i] - raw.s) > 1e-9 * abs(raw.s))::int AS "wrongSums",
               count(*) FILTER (WHERE r.device_id IS NULL)::int AS missing
          FROM raw LEFT JOIN telemetry_history.${table} r ON r.device_id = raw.device_id AND r.bucket = raw.bucket`);
      expect(rows[0]).toEqual({ buckets: expect.any(Number), wrong: 0, wrongSums: 0, missing: 0 });
      expect(rows[0].buckets).toBeGreaterThan(0);
      const extra = await rig.pg.query(`SELECT count(*)::int AS n FROM telemetry_history.${table} r WHERE NOT EXISTS (SELECT 1 FROM telemetry_history.readings x WHERE x.device_id = r.device_id AND date_bin('${width} milliseconds', x.ts, 'epoch') = r.bucket)`);
      expect(extra.rows[0].n).toBe(0);
    }

    // the latest values are the newest reading's, though it did not arrive last
    const latest = await rig.app.request('GET', '/telemetry/latest?deviceId=m-a', { role: 'operator' });
    expect(latest.body.items[0]).toMatchObject({ deviceId: 'm-a', seq: 1499, ts: start + 1499 * 5000, values: { coolantTempC: coolantAt(1499) }, readings: 1500 });
  });

  it('answers the same buckets from the raw rows and from the roll-ups, equal to what the readings give', async () => {
    const repo = rig.app.app.get(HistoryRepository, { strict: false });
    const from = NOW - 6 * HOUR_MS;
    const to = NOW;
    const samples = exactSeries('m-a', { startTs: from, count: 1500 }).map((r) => ({ ts: r.ts, value: r.coolantTempC }));
    for (const bucketMs of [5 * MINUTE_MS, HOUR_MS]) {
      const plan = (source: BucketPlan['source']): BucketPlan => ({ ...planBuckets({ from, to, points: Math.ceil((to - from) / bucketMs) }), source });
      const expected = expectedBuckets(samples, bucketMs).map((b) => ({ start: b.t, count: b.count, min: b.min, max: b.max, sum: b.sum, last: b.last }));
      for (const source of ['raw', bucketMs === HOUR_MS ? 'hour' : 'minute'] as const) {
        expect({ source, bucketMs, plan: plan(source).bucketMs }).toEqual({ source, bucketMs, plan: bucketMs });
        expect(await repo.buckets('m-a', 1, plan(source), 'last')).toEqual(expected);
      }
    }
  });

  it('drops whole partitions past the retention; the roll-ups still answer for the range', async () => {
    const old = exactSeries('m-old', { startTs: NOW - 5 * DAY_MS, count: 120, intervalSec: 60 });
    await publish(old);
    await untilStored('m-old', 120);
    const job = rig.app.app.get(PartitionJob, { strict: false });
    const day = `readings_p${new Date(NOW - 5 * DAY_MS).toISOString().slice(0, 10).replaceAll('-', '')}`;
    const partitions = async () => (await rig.pg.query(`SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent WHERE p.relname = 'readings'`)).rows.map((r) => r.relname as string);
    expect(await partitions()).toContain(day);

    clock.advance(28 * DAY_MS); // the old day is now 33 days back, past the 31-day raw retention
    const { dropped } = await job.run();
    expect(dropped).toContain(day);
    expect(await partitions()).not.toContain(day);
    expect(await storedCount('m-old')).toBe(0);
    // a range before the raw retention is answered from the minute roll-ups
    const res = await rig.app.request('GET', `/telemetry/devices/m-old/history?metric=coolantTempC&from=${NOW - 5 * DAY_MS}&to=${NOW - 5 * DAY_MS + 2 * HOUR_MS}&points=1000&agg=max`, { role: 'operator' });
    expect(res.body).toMatchObject({ source: 'minute', bucketMs: MINUTE_MS });
    expect(res.body.points.map((p: { value: number }) => p.value)).toEqual(old.map((r) => r.coolantTempC));
    // a reading older than the retention on arrival is not stored at all
    await publish(exactSeries('m-late', { startTs: NOW - 40 * DAY_MS, count: 3 }).concat(exactSeries('m-late', { startTs: clock.now(), count: 1, startSeq: 3 })));
    await untilStored('m-late', 1);
    clock.set(NOW);
  });

  it('the schema still matches its definitions with partitions present (partitions ignored by name)', async () => {
    const { rows: columns } = await rig.pg.query<DbColumn>(`SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns WHERE table_schema = 'telemetry_history'`);
    const { rows } = await rig.pg.query(`SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'telemetry_history' AND c.relispartition AND c.relkind = 'r'`);
    const partitions = rows.map((r) => r.relname as string);
    expect(partitions.length).toBeGreaterThan(3);
    const tables = [...TELEMETRY_HISTORY_SERVICE.tables, ...Object.values(kernelTables('telemetry_history'))];
    expect(schemaMismatches(tables, columns, [...KERNEL_IGNORED_TABLES, ...partitions])).toEqual([]);
    // without the names, each partition reads as an undefined table: the kernel check needs them ignored
    expect(schemaMismatches(tables, columns, KERNEL_IGNORED_TABLES).sort()).toEqual(partitions.map((p) => `telemetry_history.${p}: created but not defined`).sort());
  });
});
