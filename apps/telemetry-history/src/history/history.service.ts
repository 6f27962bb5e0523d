import { Inject, Injectable } from '@nestjs/common';
import { PLATFORM_TOKENS, type Clock } from '@tsunagu/platform';
import {
  bucketPoint,
  METRICS,
  metricIndex,
  namedValues,
  planBuckets,
  retentionCutoff,
  simplifyTrackTo,
  type BucketPlan,
  type BucketPoint,
  type MetricSpec,
  type StoredReading,
} from '@tsunagu/telemetry-history';
import type { TelemetryHistoryOptions } from '../telemetry-history.config';
import { TELEMETRY_HISTORY_TOKENS } from '../telemetry-history.constants';
import { TELEMETRY_HISTORY_ERROR, TelemetryHistoryException } from '../telemetry-history.exception';
import type { DeviceRow } from '../telemetry-history.tables';
import { HistoryRepository } from './history.repository';
import type { HistoryQuery, LatestQuery, TrackQuery } from './history.schemas';

/** A device's latest reading, as the API answers it: the stored reading with its position and values named. */
export interface LatestView extends Pick<StoredReading, 'deviceId' | 'kind' | 'model' | 'ts' | 'seq' | 'state'> {
  readonly position: { readonly lat: number; readonly lon: number };
  readonly values: Record<string, number>;
  /** readings kept since the first (including those retention has dropped since) */
  readonly readings: number;
  readonly firstTs: number;
}

export interface HistoryView {
  readonly deviceId: string;
  readonly metric: MetricSpec;
  readonly aggregation: HistoryQuery['agg'];
  /** the range the buckets cover: the asked one widened to whole buckets */
  readonly from: number;
  readonly to: number;
  readonly bucketMs: number;
  readonly source: BucketPlan['source'];
  /** non-empty buckets only: a gap in the readings stays a gap */
  readonly points: readonly BucketPoint[];
}

export interface TrackView {
  readonly deviceId: string;
  readonly from: number;
  readonly to: number;
  readonly rawPoints: number;
  /** true when the range held more raw positions than a track reads, and they were thinned evenly in time first */
  readonly thinned: boolean;
  readonly toleranceM: number;
  /** [epoch ms, lat, lon], oldest first */
  readonly points: ReadonlyArray<readonly [number, number, number]>;
}

export function latestView(d: DeviceRow): LatestView {
  return {
    deviceId: d.deviceId,
    kind: d.kind,
    model: d.model,
    ts: d.lastTs.getTime(),
    seq: d.lastSeq,
    state: d.state,
    position: { lat: d.lat, lon: d.lon },
    values: namedValues(d.kind, d.vals),
    readings: d.readings,
    firstTs: d.firstTs.getTime(),
  };
}

/** The history's questions over the repository: which store answers, how buckets become points. */
@Injectable()
export class HistoryService {
  constructor(
    private readonly repo: HistoryRepository,
    @Inject(TELEMETRY_HISTORY_TOKENS.options) private readonly options: TelemetryHistoryOptions,
    @Inject(PLATFORM_TOKENS.clock) private readonly clock: Clock,
  ) {}

  async latest(q: LatestQuery): Promise<LatestView[]> {
    return (await this.repo.latest({ kind: q.kind, deviceIds: q.deviceId, limit: q.limit })).map(latestView);
  }

  async device(deviceId: string): Promise<DeviceRow> {
    const d = await this.repo.device(deviceId);
    if (!d) throw new TelemetryHistoryException(TELEMETRY_HISTORY_ERROR.deviceNotFound, `no readings of device ${deviceId}`);
    return d;
  }

  async deviceView(deviceId: string): Promise<LatestView & { metrics: readonly MetricSpec[] }> {
    const d = await this.device(deviceId);
    return { ...latestView(d), metrics: METRICS[d.kind] };
  }

  /** The plan for a range now: ranges older than a store's retention are answered by a coarser one. */
  plan(from: number, to: number, points: number): BucketPlan {
    const now = this.clock.now();
    const r = this.options.retentionDays;
    return planBuckets({ from, to, points, rawSince: retentionCutoff(now, r.raw), minuteSince: retentionCutoff(now, r.minute) });
  }

  async history(deviceId: string, q: HistoryQuery): Promise<HistoryView> {
    const d = await this.device(deviceId);
    const index = metricIndex(d.kind, q.metric);
    if (index === null) {
      throw new TelemetryHistoryException(TELEMETRY_HISTORY_ERROR.unknownMetric, `metric: a ${d.kind} has no metric ${q.metric}`, {
        fields: [{ field: 'metric', problem: `one of ${METRICS[d.kind].map((m) => m.name).join(', ')}` }],
      });
    }
    const plan = this.plan(q.from, q.to, q.points);
    const buckets = await this.repo.buckets(deviceId, index, plan, q.agg);
    return {
      deviceId,
      metric: METRICS[d.kind][index - 1]!,
      aggregation: q.agg,
      from: plan.firstBucket,
      to: plan.firstBucket + plan.buckets * plan.bucketMs,
      bucketMs: plan.bucketMs,
      source: plan.source,
      points: buckets.map((b) => bucketPoint(q.agg, b)),
    };
  }

  async track(deviceId: string, q: TrackQuery): Promise<TrackView> {
    const d = await this.device(deviceId);
    if (d.kind !== 'vehicle') throw new TelemetryHistoryException(TELEMETRY_HISTORY_ERROR.notAVehicle, `device ${deviceId} is a ${d.kind}: tracks are for vehicles`);
    const { points, raw, thinned } = await this.repo.track(deviceId, q.from, q.to, this.options.trackMaxRaw);
    const simplified = simplifyTrackTo(points, q.toleranceM, q.maxPoints);
    return {
      deviceId,
      from: q.from,
      to: q.to,
      rawPoints: raw,
      thinned,
      toleranceM: simplified.toleranceM,
      points: simplified.points.map((p) => [p.ts, p.lat, p.lon] as const),
    };
  }
}
