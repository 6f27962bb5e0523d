import { Inject, Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import type { TransitDisruptionV1, VehicleStateV1 } from '@tsunagu/contracts';
import type { OpenRequest, FreeVehicle, PlannedAssignment } from '@tsunagu/dispatch';
import { DISPATCH, DISPATCH_TOKENS, DISPATCHABLE_AVAILABILITY } from '../dispatch.constants';
import type { VehicleEntity } from '../vehicles/vehicle.entity';
import type { AssignmentEntity } from './assignment.entity';
import type { DispatchRequestEntity } from './dispatch-request.entity';
import type { DisruptionEntity } from './disruption.entity';

const T = {
  vehicles: 'dispatch.vehicles',
  processed: 'dispatch.processed_events',
  disruptions: 'dispatch.disruptions',
  requests: 'dispatch.requests',
  assignments: 'dispatch.assignments',
} as const;

type Row = Record<string, unknown>;

const num = (v: unknown): number => Number(v);
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const dateOrNull = (v: unknown): Date | null => (v === null || v === undefined ? null : new Date(v as string));

function toVehicle(r: Row): VehicleEntity {
  return {
    vehicleId: r.vehicle_id as string,
    lat: num(r.lat),
    lon: num(r.lon),
    headingDeg: num(r.heading_deg),
    speedKmh: num(r.speed_kmh),
    availability: r.availability as VehicleEntity['availability'],
    ts: num(r.ts),
    updatedAt: new Date(r.updated_at as string),
  };
}

function toDisruption(r: Row): DisruptionEntity {
  return {
    disruptionId: r.disruption_id as string,
    lineId: r.line_id as string,
    lineName: r.line_name as string,
    kind: r.kind as DisruptionEntity['kind'],
    status: r.status as DisruptionEntity['status'],
    confidence: num(r.confidence),
    stations: r.stations as DisruptionEntity['stations'],
    sampleTweets: r.sample_tweets as DisruptionEntity['sampleTweets'],
    startedAt: num(r.started_at),
    endedAt: numOrNull(r.ended_at),
    receivedAt: new Date(r.received_at as string),
    updatedAt: new Date(r.updated_at as string),
  };
}

function toRequest(r: Row): DispatchRequestEntity {
  return {
    requestId: r.request_id as string,
    disruptionId: r.disruption_id as string,
    stationId: r.station_id as string,
    stationName: r.station_name as string,
    lat: num(r.lat),
    lon: num(r.lon),
    vehiclesWanted: num(r.vehicles_wanted),
    status: r.status as DispatchRequestEntity['status'],
    createdAt: new Date(r.created_at as string),
    closedAt: dateOrNull(r.closed_at),
  };
}

function toAssignment(r: Row): AssignmentEntity {
  return {
    assignmentId: String(r.assignment_id),
    requestId: r.request_id as string,
    vehicleId: r.vehicle_id as string,
    distanceM: num(r.distance_m),
    assignedAt: new Date(r.assigned_at as string),
    releasedAt: dateOrNull(r.released_at),
    releaseReason: (r.release_reason as string | null) ?? null,
  };
}

export function requestIdOf(disruptionId: string, stationId: string): string {
  return `${disruptionId}@${stationId}`;
}

/** Every SQL statement of dispatch; the service holds the logic. */
@Injectable()
export class DispatchRepository {
  constructor(@Inject(DISPATCH_TOKENS.dataSource) private readonly dataSource: DataSource) {}

  transaction<R>(fn: (m: EntityManager) => Promise<R>): Promise<R> {
    return this.dataSource.transaction(fn);
  }

  /** Upserts the newest state per vehicle; an older state never overwrites a newer one. */
  async upsertVehicles(m: EntityManager, states: readonly VehicleStateV1[]): Promise<void> {
    const latest = new Map<string, VehicleStateV1>();
    for (const s of states) {
      const seen = latest.get(s.vehicleId);
      if (!seen || seen.ts <= s.ts) latest.set(s.vehicleId, s);
    }
    const rows = [...latest.values()];
    if (rows.length === 0) return;
    await m.query(
      `INSERT INTO ${T.vehicles} (vehicle_id, lat, lon, heading_deg, speed_kmh, availability, ts, updated_at)
       SELECT id, lat, lon, heading, speed, availability, ts, now()
       FROM unnest($1::text[], $2::float8[], $3::float8[], $4::real[], $5::real[], $6::text[], $7::bigint[])
         AS u(id, lat, lon, heading, speed, availability, ts)
       ON CONFLICT (vehicle_id) DO UPDATE SET
         lat = EXCLUDED.lat, lon = EXCLUDED.lon, heading_deg = EXCLUDED.heading_deg, speed_kmh = EXCLUDED.speed_kmh,
         availability = EXCLUDED.availability, ts = EXCLUDED.ts, updated_at = now()
       WHERE ${T.vehicles}.ts <= EXCLUDED.ts`,
      [
        rows.map((r) => r.vehicleId),
        rows.map((r) => r.position.lat),
        rows.map((r) => r.position.lon),
        rows.map((r) => r.headingDeg),
        rows.map((r) => r.speedKmh),
        rows.map((r) => r.availability),
        rows.map((r) => r.ts),
      ],
    );
  }

  /** Releases the active assignments of vehicles that are now in an incident or offline. */
  async releaseUnavailable(m: EntityManager, vehicleIds: readonly string[]): Promise<number> {
    if (vehicleIds.length === 0) return 0;
    const rows = (await m.query(
      `UPDATE ${T.assignments} a SET released_at = now(), release_reason = 'vehicle-unavailable'
       FROM ${T.vehicles} v
       WHERE a.vehicle_id = v.vehicle_id AND a.released_at IS NULL AND v.vehicle_id = ANY($1::text[])
         AND NOT (v.availability = ANY($2::text[]))
       RETURNING a.assignment_id`,
      [vehicleIds, DISPATCHABLE_AVAILABILITY],
    )) as [Row[], number];
    return rows[1];
  }

  /** Remembers an event id; false when it was processed before (idempotency). */
  async markProcessed(m: EntityManager, eventId: string): Promise<boolean> {
    const rows = (await m.query(`INSERT INTO ${T.processed} (event_id) VALUES ($1) ON CONFLICT DO NOTHING RETURNING event_id`, [eventId])) as Row[];
    return rows.length > 0;
  }

  async insertStarted(m: EntityManager, e: TransitDisruptionV1, vehiclesPerStation: number): Promise<void> {
    await m.query(
      `INSERT INTO ${T.disruptions} (disruption_id, line_id, line_name, kind, status, confidence, stations, sample_tweets, started_at)
       VALUES ($1, $2, $3, $4, 'active', $5, $6, $7, $8)
       ON CONFLICT (disruption_id) DO NOTHING`,
      [e.disruptionId, e.lineId, e.lineName, e.kind, e.confidence, JSON.stringify(e.stations), JSON.stringify(e.sampleTweets), e.startedAt],
    );
    if (e.stations.length === 0) return;
    await m.query(
      `INSERT INTO ${T.requests} (request_id, disruption_id, station_id, station_name, lat, lon, vehicles_wanted, status)
       SELECT $1 || '@' || sid, $1, sid, sname, lat, lon, $6, 'open'
       FROM unnest($2::text[], $3::text[], $4::float8[], $5::float8[]) AS u(sid, sname, lat, lon)
       ON CONFLICT DO NOTHING`,
      [e.disruptionId, e.stations.map((s) => s.id), e.stations.map((s) => s.name), e.stations.map((s) => s.position.lat), e.stations.map((s) => s.position.lon), vehiclesPerStation],
    );
  }

  /** Marks a disruption ended (recording it if its start was never seen), closes its requests, releases its vehicles. */
  async recordEnded(m: EntityManager, e: TransitDisruptionV1): Promise<{ released: number }> {
    await m.query(
      `INSERT INTO ${T.disruptions} (disruption_id, line_id, line_name, kind, status, confidence, stations, sample_tweets, started_at, ended_at)
       VALUES ($1, $2, $3, $4, 'ended', $5, $6, $7, $8, $9)
       ON CONFLICT (disruption_id) DO UPDATE SET status = 'ended', ended_at = EXCLUDED.ended_at, updated_at = now()`,
      [e.disruptionId, e.lineId, e.lineName, e.kind, e.confidence, JSON.stringify(e.stations), JSON.stringify(e.sampleTweets), e.startedAt, e.endedAt ?? e.emittedAt],
    );
    await m.query(`UPDATE ${T.requests} SET status = 'closed', closed_at = now() WHERE disruption_id = $1 AND status = 'open'`, [e.disruptionId]);
    const released = (await m.query(
      `UPDATE ${T.assignments} a SET released_at = now(), release_reason = 'disruption-ended'
       FROM ${T.requests} r
       WHERE a.request_id = r.request_id AND r.disruption_id = $1 AND a.released_at IS NULL
       RETURNING a.assignment_id`,
      [e.disruptionId],
    )) as [Row[], number];
    return { released: released[1] };
  }

  /** Serialises assignment (both consumers, every instance) until the transaction ends. */
  async lockAssignment(m: EntityManager): Promise<void> {
    await m.query(`SELECT pg_advisory_xact_lock($1)`, [DISPATCH.assignmentLockKey]);
  }

  /** Open requests still short of vehicles. */
  async shortfalls(m: EntityManager): Promise<OpenRequest[]> {
    const rows = (await m.query(
      `SELECT r.request_id, r.lat, r.lon, r.vehicles_wanted - count(a.assignment_id) AS missing
       FROM ${T.requests} r
       LEFT JOIN ${T.assignments} a ON a.request_id = r.request_id AND a.released_at IS NULL
       WHERE r.status = 'open'
       GROUP BY r.request_id
       HAVING r.vehicles_wanted - count(a.assignment_id) > 0`,
    )) as Row[];
    return rows.map((r) => ({ requestId: r.request_id as string, position: { lat: num(r.lat), lon: num(r.lon) }, wanted: num(r.missing) }));
  }

  /**
   * Vehicles in a dispatchable availability with no active assignment, with the
   * time of their last position (the service leaves out the stale ones).
   */
  async freeVehicles(m: EntityManager): Promise<Array<FreeVehicle & { readonly ts: number; readonly availability: string }>> {
    const rows = (await m.query(
      `SELECT v.vehicle_id, v.lat, v.lon, v.ts, v.availability FROM ${T.vehicles} v
       WHERE v.availability = ANY($1::text[])
         AND NOT EXISTS (SELECT 1 FROM ${T.assignments} a WHERE a.vehicle_id = v.vehicle_id AND a.released_at IS NULL)`,
      [DISPATCHABLE_AVAILABILITY],
    )) as Row[];
    return rows.map((r) => ({ vehicleId: r.vehicle_id as string, position: { lat: num(r.lat), lon: num(r.lon) }, ts: num(r.ts), availability: r.availability as string }));
  }

  async insertAssignments(m: EntityManager, plan: readonly PlannedAssignment[]): Promise<void> {
    if (plan.length === 0) return;
    await m.query(
      `INSERT INTO ${T.assignments} (request_id, vehicle_id, distance_m)
       SELECT * FROM unnest($1::text[], $2::text[], $3::int[])`,
      [plan.map((p) => p.requestId), plan.map((p) => p.vehicleId), plan.map((p) => p.distanceM)],
    );
  }

  async listDisruptions(filter: { status: 'active' | 'ended' | 'all' } & PageRequest): Promise<Page<DisruptionEntity>> {
    const where = `WHERE ($1 = 'all' OR status = $1)`;
    const params = [filter.status];
    const [rows, total] = await Promise.all([
      this.dataSource.query(`SELECT * FROM ${T.disruptions} ${where} ORDER BY started_at DESC, disruption_id LIMIT $2 OFFSET $3`, [...params, ...limitOffset(filter)]) as Promise<Row[]>,
      this.count(`SELECT count(*) AS n FROM ${T.disruptions} ${where}`, params),
    ]);
    return { items: rows.map(toDisruption), total };
  }

  async findDisruption(id: string): Promise<DisruptionEntity | null> {
    const rows = (await this.dataSource.query(`SELECT * FROM ${T.disruptions} WHERE disruption_id = $1`, [id])) as Row[];
    return rows[0] ? toDisruption(rows[0]) : null;
  }

  async listRequests(filter: { disruptionId?: string; status?: 'open' | 'closed' } & PageRequest): Promise<Page<DispatchRequestEntity>> {
    const where = `WHERE ($1::text IS NULL OR disruption_id = $1) AND ($2::text IS NULL OR status = $2)`;
    const params = [filter.disruptionId ?? null, filter.status ?? null];
    const [rows, total] = await Promise.all([
      this.dataSource.query(`SELECT * FROM ${T.requests} ${where} ORDER BY created_at DESC, request_id LIMIT $3 OFFSET $4`, [...params, ...limitOffset(filter)]) as Promise<Row[]>,
      this.count(`SELECT count(*) AS n FROM ${T.requests} ${where}`, params),
    ]);
    return { items: rows.map(toRequest), total };
  }

  async listAssignments(filter: { disruptionId?: string; vehicleId?: string; active?: boolean } & PageRequest): Promise<Page<AssignmentEntity>> {
    const from = `FROM ${T.assignments} a JOIN ${T.requests} r ON r.request_id = a.request_id
       WHERE ($1::text IS NULL OR r.disruption_id = $1) AND ($2::text IS NULL OR a.vehicle_id = $2)
         AND ($3::boolean IS NULL OR (a.released_at IS NULL) = $3)`;
    const params = [filter.disruptionId ?? null, filter.vehicleId ?? null, filter.active ?? null];
    const [rows, total] = await Promise.all([
      this.dataSource.query(`SELECT a.* ${from} ORDER BY a.assignment_id LIMIT $4 OFFSET $5`, [...params, ...limitOffset(filter)]) as Promise<Row[]>,
      this.count(`SELECT count(*) AS n ${from}`, params),
    ]);
    return { items: rows.map(toAssignment), total };
  }

  /** The vehicles as dispatch sees them, each with the request it serves now (if any). */
  async listVehicles(filter: { availability?: VehicleEntity['availability'] } & PageRequest): Promise<Page<VehicleEntity & { readonly activeRequestId: string | null }>> {
    const where = `WHERE ($1::text IS NULL OR v.availability = $1)`;
    const params = [filter.availability ?? null];
    const [rows, total] = await Promise.all([
      this.dataSource.query(
        `SELECT v.*, a.request_id AS active_request_id FROM ${T.vehicles} v
         LEFT JOIN ${T.assignments} a ON a.vehicle_id = v.vehicle_id AND a.released_at IS NULL
         ${where} ORDER BY v.vehicle_id LIMIT $2 OFFSET $3`,
        [...params, ...limitOffset(filter)],
      ) as Promise<Row[]>,
      this.count(`SELECT count(*) AS n FROM ${T.vehicles} v ${where}`, params),
    ]);
    return { items: rows.map((r) => ({ ...toVehicle(r), activeRequestId: (r.active_request_id as string | null) ?? null })), total };
  }

  private async count(sql: string, params: readonly unknown[]): Promise<number> {
    const rows = (await this.dataSource.query(sql, [...params])) as Row[];
    return num(rows[0]!.n);
  }
}

/** One page of a list: `page` counts from 1. */
export interface PageRequest {
  readonly page: number;
  readonly pageSize: number;
}

export interface Page<T> {
  readonly items: T[];
  /** rows matching the filter, over all pages */
  readonly total: number;
}

function limitOffset(p: PageRequest): [number, number] {
  return [p.pageSize, (p.page - 1) * p.pageSize];
}
