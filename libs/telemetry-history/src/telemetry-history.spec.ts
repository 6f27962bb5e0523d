import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { machineTelemetryV1Schema, vehicleTelemetryV1Schema } from '@tsunagu/contracts';
import {
  aggregateSamples,
  bucketOf,
  bucketPoint,
  csvHeader,
  csvLine,
  decodeCursor,
  encodeCursor,
  foldRollups,
  HOUR_MS,
  jsonLine,
  machineReading,
  mergeRollups,
  metricIndex,
  MINUTE_MS,
  parsePartitionName,
  partitionOf,
  partitionsAhead,
  partitionsToDrop,
  planBuckets,
  simplifyTrack,
  simplifyTrackTo,
  vehicleReading,
  DAY_MS,
  METRICS,
  type StoredReading,
} from './index';

const fixture = (name: string): unknown => JSON.parse(readFileSync(join(__dirname, '..', '..', 'contracts', 'src', 'fixtures', `${name}.json`), 'utf8'));

/** A tiny deterministic generator (mulberry32), so property checks repeat exactly. */
function rng(seed: number): () => number {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const reading = (deviceId: string, ts: number, vals: number[]): StoredReading => ({ deviceId, kind: 'machine', model: 'm', ts, seq: ts, state: 'working', lat: 35, lon: 139, vals, event: null, codes: null });

describe('metric catalogue', () => {
  it('stores the contract fixtures in catalogue order', () => {
    const m = machineReading(machineTelemetryV1Schema.parse(fixture('telemetry.machine.reported.v1')));
    expect(m.vals).toHaveLength(METRICS.machine.length);
    expect(m.vals[metricIndex('machine', 'coolantTempC')! - 1]).toBe(machineTelemetryV1Schema.parse(fixture('telemetry.machine.reported.v1')).coolantTempC);
    const raw = vehicleTelemetryV1Schema.parse(fixture('telemetry.vehicle.reported.v1'));
    const v = vehicleReading(raw);
    expect(v.vals).toHaveLength(METRICS.vehicle.length);
    expect(v.vals[metricIndex('vehicle', 'accelX')! - 1]).toBe(raw.accel.x);
    expect(metricIndex('vehicle', 'engineHours')).toBeNull();
  });

  it('names each vehicle state from ignition, speed and crash', () => {
    const raw = vehicleTelemetryV1Schema.parse(fixture('telemetry.vehicle.reported.v1'));
    expect(vehicleReading({ ...raw, ignition: false }).state).toBe('off');
    expect(vehicleReading({ ...raw, ignition: true, speedKmh: 0, event: undefined, airbagDeployed: false }).state).toBe('idle');
    expect(vehicleReading({ ...raw, ignition: true, speedKmh: 40, event: undefined, airbagDeployed: false }).state).toBe('moving');
    expect(vehicleReading({ ...raw, type: 'event', event: 'crash' }).state).toBe('crash');
    expect(vehicleReading({ ...raw, dtcs: ['P0217', 'P0300'] }).codes).toBe('P0217,P0300');
  });
});

describe('bucket plan', () => {
  const T = Date.UTC(2026, 10, 1);

  it('answers 30 days at 1000 points with 44-minute buckets from the minute roll-ups', () => {
    const plan = planBuckets({ from: T, to: T + 30 * DAY_MS, points: 1000 });
    expect(plan).toMatchObject({ source: 'minute', bucketMs: 44 * MINUTE_MS });
    expect(plan.buckets).toBeLessThanOrEqual(1000);
  });

  it('uses raw rows for short ranges and hourly roll-ups for long ones', () => {
    expect(planBuckets({ from: T, to: T + HOUR_MS, points: 1000 })).toMatchObject({ source: 'raw', bucketMs: 4000 });
    expect(planBuckets({ from: T, to: T + 365 * DAY_MS, points: 1000 })).toMatchObject({ source: 'hour', bucketMs: 9 * HOUR_MS });
  });

  it('takes a coarser store when the range starts before the finer one is retained', () => {
    expect(planBuckets({ from: T, to: T + HOUR_MS, points: 1000, rawSince: T + 1 })).toMatchObject({ source: 'minute', bucketMs: MINUTE_MS });
    expect(planBuckets({ from: T, to: T + HOUR_MS, points: 1000, rawSince: T + 2, minuteSince: T + 1 })).toMatchObject({ source: 'hour', bucketMs: HOUR_MS });
  });

  it('never plans more buckets than points, for any range and alignment (property check)', () => {
    const r = rng(7);
    for (let i = 0; i < 5000; i++) {
      const from = T + Math.floor(r() * 1e10);
      const to = from + 1 + Math.floor(r() ** 3 * 4e10);
      const points = 1 + Math.floor(r() * 3000);
      const plan = planBuckets({ from, to, points });
      expect(plan.buckets).toBeLessThanOrEqual(points);
      expect(plan.firstBucket).toBeLessThanOrEqual(from);
      expect(plan.firstBucket + plan.buckets * plan.bucketMs).toBeGreaterThanOrEqual(to);
      if (plan.source !== 'raw') expect(plan.bucketMs % (plan.source === 'hour' ? HOUR_MS : MINUTE_MS)).toBe(0);
    }
  });

  it('refuses an empty range', () => {
    expect(() => planBuckets({ from: T, to: T, points: 10 })).toThrow(RangeError);
  });
});

describe('roll-ups', () => {
  it('a batch folded per bucket equals the plain aggregates of its readings, merged in any split', () => {
    const r = rng(3);
    const readings = Array.from({ length: 500 }, (_, i) => reading(`d${i % 3}`, Date.UTC(2026, 10, 1) + Math.floor(r() * 3 * HOUR_MS), [Math.round(r() * 400) / 4, Math.round(r() * 80) / 8]));
    const whole = foldRollups(readings, MINUTE_MS);
    const halves = [foldRollups(readings.slice(0, 217), MINUTE_MS), foldRollups(readings.slice(217), MINUTE_MS)];
    const merged = new Map(halves[0]!.map((x) => [`${x.deviceId}/${x.bucket}`, x]));
    for (const x of halves[1]!) {
      const k = `${x.deviceId}/${x.bucket}`;
      merged.set(k, merged.has(k) ? mergeRollups(merged.get(k)!, x) : x);
    }
    for (const w of whole) {
      const m = merged.get(`${w.deviceId}/${w.bucket}`)!;
      expect(m).toEqual(w);
      const own = readings.filter((x) => x.deviceId === w.deviceId && bucketOf(x.ts, MINUTE_MS) === w.bucket);
      const [agg] = aggregateSamples(own.map((x) => ({ ts: x.ts, value: x.vals[0]! })), { bucketMs: MINUTE_MS });
      expect({ count: w.count, min: w.mins[0], max: w.maxs[0], sum: w.sums[0], last: w.lasts[0] }).toEqual({ count: agg!.count, min: agg!.min, max: agg!.max, sum: agg!.sum, last: agg!.last });
    }
  });

  it('keeps the values of the latest reading as last, whatever order they come in', () => {
    const t = Date.UTC(2026, 10, 1);
    const [x] = foldRollups([reading('d', t + 30_000, [3]), reading('d', t + 50_000, [5]), reading('d', t + 10_000, [1])], MINUTE_MS);
    expect(x).toMatchObject({ count: 3, lastTs: t + 50_000, lasts: [5], mins: [1], maxs: [5], sums: [9] });
  });

  it('turns a bucket into the point the caller asked for', () => {
    const b = { start: 0, count: 4, min: 1, max: 9, sum: 20, last: 7 };
    expect(bucketPoint('avg', b)).toEqual({ t: 0, count: 4, value: 5 });
    expect(bucketPoint('last', b)).toEqual({ t: 0, count: 4, value: 7 });
    expect(bucketPoint('envelope', b)).toEqual({ t: 0, count: 4, min: 1, max: 9 });
  });
});

describe('track simplification (Douglas–Peucker, metres)', () => {
  it('drops points within the tolerance of a straight leg and keeps the corners', () => {
    // ~11 m per 0.0001° of latitude: north 100 points (zig-zagging 0.45 m east and back), then east 100 points
    const pts = [
      ...Array.from({ length: 100 }, (_, i) => ({ ts: i, lat: 35.6 + i * 0.0001, lon: 139.7 + (i % 2 ? 0.000005 : 0) })),
      ...Array.from({ length: 100 }, (_, i) => ({ ts: 100 + i, lat: 35.6 + 99 * 0.0001, lon: 139.7 + (i + 1) * 0.0001 })),
    ];
    const out = simplifyTrack(pts, 5);
    expect(out.map((p) => p.ts)).toEqual([0, 99, 199]);
    expect(simplifyTrack(pts, 0.1).length).toBeGreaterThan(100);
  });

  it('fits a track into a point budget by raising the tolerance', () => {
    const r = rng(5);
    const pts = Array.from({ length: 4000 }, (_, i) => ({ ts: i, lat: 35.6 + r() * 0.1, lon: 139.7 + r() * 0.1 }));
    const { points, toleranceM } = simplifyTrackTo(pts, 1, 500);
    expect(points.length).toBeLessThanOrEqual(500);
    expect(points[0]).toBe(pts[0]);
    expect(points[points.length - 1]).toBe(pts[pts.length - 1]);
    expect(toleranceM).toBeGreaterThan(1);
  });
});

describe('export encoding', () => {
  const row = { deviceId: 'm-1', ts: Date.UTC(2026, 10, 29, 1, 2, 3, 4), seq: 7, state: 'working', lat: 35.5, lon: 139.25, vals: [88.5, 400], event: null, codes: 'P0217,"x"' };

  it('writes RFC 4180 CSV with a header naming the kind’s metrics', () => {
    expect(csvHeader('machine')).toBe(`time,epochMs,deviceId,seq,state,lat,lon,${METRICS.machine.map((m) => m.name).join(',')},event,codes\r\n`);
    const line = csvLine('machine', row);
    expect(line).toBe(`2026-11-29T01:02:03.004Z,${row.ts},m-1,7,working,35.5,139.25,88.5,400,,,,,,,,,"P0217,""x"""\r\n`);
  });

  it('writes one JSON object per line with named values', () => {
    expect(JSON.parse(jsonLine('machine', row))).toEqual({
      time: '2026-11-29T01:02:03.004Z',
      ts: row.ts,
      deviceId: 'm-1',
      seq: 7,
      state: 'working',
      position: { lat: 35.5, lon: 139.25 },
      values: { coolantTempC: 88.5, engineOilPressureKpa: 400 },
      dtcs: ['P0217', '"x"'],
    });
  });

  it('round-trips a cursor and refuses a forged one', () => {
    expect(decodeCursor(encodeCursor({ ts: 1764370923004, seq: 12 }))).toEqual({ ts: 1764370923004, seq: 12 });
    expect(decodeCursor('bm90LWEtY3Vyc29y')).toBeNull();
    expect(decodeCursor(Buffer.from('1:2;DROP').toString('base64url'))).toBeNull();
  });
});

describe('partitions', () => {
  it('names day and month partitions and reads the names back', () => {
    const ts = Date.UTC(2026, 10, 29, 23, 59);
    expect(partitionOf('readings', 'day', ts)).toEqual({ name: 'readings_p20261129', from: Date.UTC(2026, 10, 29), to: Date.UTC(2026, 10, 30) });
    expect(partitionOf('rollup_hour', 'month', ts)).toEqual({ name: 'rollup_hour_p202611', from: Date.UTC(2026, 10, 1), to: Date.UTC(2026, 11, 1) });
    expect(parsePartitionName('readings', 'readings_p20261129')).toEqual(partitionOf('readings', 'day', ts));
    expect(parsePartitionName('readings', 'readings_p20261131')).toBeNull();
    expect(parsePartitionName('readings', 'other_p20261129')).toBeNull();
  });

  it('makes the partitions ahead and drops only those wholly past the retention', () => {
    const now = Date.UTC(2026, 11, 2, 10);
    expect(partitionsAhead('readings', 'day', now, 2).map((p) => p.name)).toEqual(['readings_p20261202', 'readings_p20261203', 'readings_p20261204']);
    const days = Array.from({ length: 40 }, (_, i) => partitionOf('readings', 'day', now - i * DAY_MS));
    const dropped = partitionsToDrop(days, now, 30);
    // the cutoff is 11-02 10:00: 11-01 ends before it (dropped), 11-02 ends after it (kept)
    expect(dropped[dropped.length - 1]!.name).toBe('readings_p20261101');
    expect(dropped).toHaveLength(9);
  });
});
