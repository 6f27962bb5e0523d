import { Injectable } from '@nestjs/common';
import type { TransitDisruptionV1, VehicleStateV1 } from '@tsunagu/contracts';
import type { FreeVehicle, OpenRequest, PlannedAssignment } from '@tsunagu/dispatch';
import { insertRows, newestBy, ServiceDatabase, type Lineage, type Row, type Tx } from '@tsunagu/platform';
import { DISPATCH, DISPATCHABLE_AVAILABILITY } from '../dispatch.constants';
import {
  assignmentsTable as A,
  disruptionsTable as D,
  requestsTable as R,
  vehiclesTable as V,
  type AssignmentRow,
  type DisruptionRow,
  type RequestRow,
  type VehicleRow,
} from '../dispatch.tables';

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

/** An open request still short of vehicles, with the disruption it serves. */
export interface Shortfall extends OpenRequest {
  readonly disruptionId: string;
}

/** A planned assignment with the record it is made after (see `assignmentsTable.lineage`). */
export interface NewAssignment extends PlannedAssignment {
  readonly lineage: Lineage;
}

/** Every SQL statement of dispatch (writes in the caller's transaction); the service holds the logic. */
@Injectable()
export class DispatchRepository {
  constructor(private readonly db: ServiceDatabase) {}

  /** Upserts the newest state per vehicle; an older state never overwrites a newer one. */
  async upsertVehicles(tx: Tx, states: readonly VehicleStateV1[]): Promise<void> {
    const newest = newestBy(states, (s) => s.vehicleId, (s) => s.ts);
    await insertRows(
      tx,
      V,
      newest.map((s) => ({ vehicleId: s.vehicleId, lat: s.position.lat, lon: s.position.lon, headingDeg: s.headingDeg, speedKmh: s.speedKmh, availability: s.availability, ts: s.ts })),
      {
        defaults: ['updatedAt'],
        onConflict: `ON CONFLICT (vehicle_id) DO UPDATE SET
         lat = EXCLUDED.lat, lon = EXCLUDED.lon, heading_deg = EXCLUDED.heading_deg, speed_kmh = EXCLUDED.speed_kmh,
         availability = EXCLUDED.availability, ts = EXCLUDED.ts, updated_at = now()
       WHERE ${V.qualified}.ts <= EXCLUDED.ts`,
      },
    );
  }

  /** Releases the active assignments of vehicles that are now in an incident or offline. */
  async releaseUnavailable(tx: Tx, vehicleIds: readonly string[]): Promise<number> {
    if (vehicleIds.length === 0) return 0;
    const rows = await tx.query(
      `UPDATE ${A.qualified} a SET released_at = now(), release_reason = 'vehicle-unavailable'
       FROM ${V.qualified} v
       WHERE a.vehicle_id = v.vehicle_id AND a.released_at IS NULL AND v.vehicle_id = ANY($1::text[])
         AND NOT (v.availability = ANY($2::text[]))
       RETURNING a.assignment_id`,
      [vehicleIds, DISPATCHABLE_AVAILABILITY],
    );
    return rows.length;
  }

  /** Records a started disruption (with its lineage) and opens one request per station. */
  async insertStarted(tx: Tx, e: TransitDisruptionV1, vehiclesPerStation: number, lineage: Lineage): Promise<void> {
    await tx.query(
      `INSERT INTO ${D.qualified} (disruption_id, line_id, line_name, kind, status, confidence, stations, sample_tweets, started_at, lineage)
       VALUES ($1, $2, $3, $4, 'active', $5, $6, $7, $8, $9)
       ON CONFLICT (disruption_id) DO UPDATE SET lineage = COALESCE(${D.qualified}.lineage, EXCLUDED.lineage)`,
      [e.disruptionId, e.lineId, e.lineName, e.kind, e.confidence, JSON.stringify(e.stations), JSON.stringify(e.sampleTweets), e.startedAt, JSON.stringify(lineage)],
    );
    if (e.stations.length === 0) return;
    await tx.query(
      `INSERT INTO ${R.qualified} (request_id, disruption_id, station_id, station_name, lat, lon, vehicles_wanted, status)
       SELECT $1 || '@' || sid, $1, sid, sname, lat, lon, $6, 'open'
       FROM unnest($2::text[], $3::text[], $4::float8[], $5::float8[]) AS u(sid, sname, lat, lon)
       ON CONFLICT DO NOTHING`,
      [e.disruptionId, e.stations.map((s) => s.id), e.stations.map((s) => s.name), e.stations.map((s) => s.position.lat), e.stations.map((s) => s.position.lon), vehiclesPerStation],
    );
  }

  /** Marks a disruption ended (recording it if its start was never seen), closes its requests, releases its vehicles. */
  async recordEnded(tx: Tx, e: TransitDisruptionV1, lineage: Lineage): Promise<{ released: number }> {
    await tx.query(
      `INSERT INTO ${D.qualified} (disruption_id, line_id, line_name, kind, status, confidence, stations, sample_tweets, started_at, ended_at, ended_lineage)
       VALUES ($1, $2, $3, $4, 'ended', $5, $6, $7, $8, $9, $10)
       ON CONFLICT (disruption_id) DO UPDATE SET status = 'ended', ended_at = EXCLUDED.ended_at, ended_lineage = EXCLUDED.ended_lineage, updated_at = now()`,
      [e.disruptionId, e.lineId, e.lineName, e.kind, e.confidence, JSON.stringify(e.stations), JSON.stringify(e.sampleTweets), e.startedAt, e.endedAt ?? e.emittedAt, JSON.stringify(lineage)],
    );
    await tx.query(`UPDATE ${R.qualified} SET status = 'closed', closed_at = now() WHERE disruption_id = $1 AND status = 'open'`, [e.disruptionId]);
    const released = await tx.query(
      `UPDATE ${A.qualified} a SET released_at = now(), release_reason = 'disruption-ended'
       FROM ${R.qualified} r
       WHERE a.request_id = r.request_id AND r.disruption_id = $1 AND a.released_at IS NULL
       RETURNING a.assignment_id`,
      [e.disruptionId],
    );
    return { released: released.length };
  }

  /** Serialises assignment (both consumers, every instance) until the transaction ends. */
  async lockAssignment(tx: Tx): Promise<void> {
    await tx.query(`SELECT pg_advisory_xact_lock($1)`, [DISPATCH.assignmentLockKey]);
  }

  /** Open requests still short of vehicles. */
  async shortfalls(tx: Tx): Promise<Shortfall[]> {
    const rows = await tx.query<{ request_id: string; disruption_id: string; lat: number; lon: number; missing: string }>(
      `SELECT r.request_id, r.disruption_id, r.lat, r.lon, r.vehicles_wanted - count(a.assignment_id) AS missing
       FROM ${R.qualified} r
       LEFT JOIN ${A.qualified} a ON a.request_id = r.request_id AND a.released_at IS NULL
       WHERE r.status = 'open'
       GROUP BY r.request_id
       HAVING r.vehicles_wanted - count(a.assignment_id) > 0`,
    );
    return rows.map((r) => ({ requestId: r.request_id, disruptionId: r.disruption_id, position: { lat: Number(r.lat), lon: Number(r.lon) }, wanted: Number(r.missing) }));
  }

  /**
   * Vehicles in a dispatchable availability with no active assignment, with the
   * time of their last position (the service leaves out the stale ones).
   */
  async freeVehicles(tx: Tx): Promise<Array<FreeVehicle & { readonly ts: number; readonly availability: string }>> {
    const rows = await tx.query(
      `SELECT ${V.select('v')} FROM ${V.qualified} v
       WHERE v.availability = ANY($1::text[])
         AND NOT EXISTS (SELECT 1 FROM ${A.qualified} a WHERE a.vehicle_id = v.vehicle_id AND a.released_at IS NULL)`,
      [DISPATCHABLE_AVAILABILITY],
    );
    return rows.map(V.parse).map((v) => ({ vehicleId: v.vehicleId, position: { lat: v.lat, lon: v.lon }, ts: v.ts, availability: v.availability }));
  }

  async insertAssignments(tx: Tx, plan: readonly NewAssignment[]): Promise<void> {
    if (plan.length === 0) return;
    await tx.query(
      `INSERT INTO ${A.qualified} (request_id, vehicle_id, distance_m, lineage)
       SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::jsonb[])`,
      [plan.map((p) => p.requestId), plan.map((p) => p.vehicleId), plan.map((p) => p.distanceM), plan.map((p) => JSON.stringify(p.lineage))],
    );
  }

  async listDisruptions(filter: { status: 'active' | 'ended' | 'all' } & PageRequest): Promise<Page<DisruptionRow>> {
    return this.page(D.select(), `FROM ${D.qualified} WHERE ($1 = 'all' OR status = $1)`, 'started_at DESC, disruption_id', [filter.status], filter, D.parse);
  }

  async findDisruption(id: string): Promise<DisruptionRow | null> {
    const rows = await this.db.query(`SELECT ${D.select()} FROM ${D.qualified} WHERE disruption_id = $1`, [id]);
    return rows[0] ? D.parse(rows[0]) : null;
  }

  async listRequests(filter: { disruptionId?: string; status?: 'open' | 'closed' } & PageRequest): Promise<Page<RequestRow>> {
    const from = `FROM ${R.qualified} WHERE ($1::text IS NULL OR disruption_id = $1) AND ($2::text IS NULL OR status = $2)`;
    return this.page(R.select(), from, 'created_at DESC, request_id', [filter.disruptionId ?? null, filter.status ?? null], filter, R.parse);
  }

  async findRequest(id: string): Promise<RequestRow | null> {
    const rows = await this.db.query(`SELECT ${R.select()} FROM ${R.qualified} WHERE request_id = $1`, [id]);
    return rows[0] ? R.parse(rows[0]) : null;
  }

  /** The request, locked until the transaction ends (a hand-made change and the consumers do not interleave). */
  async lockRequest(tx: Tx, id: string): Promise<RequestRow | null> {
    const rows = await tx.query(`SELECT ${R.select()} FROM ${R.qualified} WHERE request_id = $1 FOR UPDATE`, [id]);
    return rows[0] ? R.parse(rows[0]) : null;
  }

  /** Closes an open request by hand and releases its vehicles; returns how many were released. */
  async closeRequest(tx: Tx, id: string, by: string, note: string | null): Promise<number> {
    await tx.query(`UPDATE ${R.qualified} SET status = 'closed', closed_at = now(), closed_by = $2, close_note = $3 WHERE request_id = $1 AND status = 'open'`, [id, by, note]);
    const released = await tx.query(
      `UPDATE ${A.qualified} SET released_at = now(), release_reason = 'request-closed' WHERE request_id = $1 AND released_at IS NULL RETURNING assignment_id`,
      [id],
    );
    return released.length;
  }

  transaction<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  async listAssignments(filter: { disruptionId?: string; vehicleId?: string; active?: boolean } & PageRequest): Promise<Page<AssignmentRow>> {
    const from = `FROM ${A.qualified} a JOIN ${R.qualified} r ON r.request_id = a.request_id
       WHERE ($1::text IS NULL OR r.disruption_id = $1) AND ($2::text IS NULL OR a.vehicle_id = $2)
         AND ($3::boolean IS NULL OR (a.released_at IS NULL) = $3)`;
    return this.page(A.select('a'), from, 'a.assignment_id', [filter.disruptionId ?? null, filter.vehicleId ?? null, filter.active ?? null], filter, A.parse);
  }

  async findAssignment(id: string): Promise<AssignmentRow | null> {
    const rows = await this.db.query(`SELECT ${A.select()} FROM ${A.qualified} WHERE assignment_id = $1`, [id]);
    return rows[0] ? A.parse(rows[0]) : null;
  }

  /** The vehicles as dispatch sees them, each with the request it serves now (if any). */
  async listVehicles(filter: { availability?: VehicleRow['availability'] } & PageRequest): Promise<Page<VehicleRow & { readonly activeRequestId: string | null }>> {
    const from = `FROM ${V.qualified} v LEFT JOIN ${A.qualified} a ON a.vehicle_id = v.vehicle_id AND a.released_at IS NULL
       WHERE ($1::text IS NULL OR v.availability = $1)`;
    return this.page(`${V.select('v')}, a.request_id AS "activeRequestId"`, from, 'v.vehicle_id', [filter.availability ?? null], filter, (r) => ({
      ...V.parse(r),
      activeRequestId: (r.activeRequestId as string | null) ?? null,
    }));
  }

  /** One page of `SELECT <columns> <from> ORDER BY <orderBy>`, and how many rows `<from>` has in all. */
  private async page<T>(columns: string, from: string, orderBy: string, params: readonly unknown[], p: PageRequest, parse: (row: Row) => T): Promise<Page<T>> {
    const n = params.length;
    const [rows, count] = await Promise.all([
      this.db.query(`SELECT ${columns} ${from} ORDER BY ${orderBy} LIMIT $${n + 1} OFFSET $${n + 2}`, [...params, p.pageSize, (p.page - 1) * p.pageSize]),
      this.db.query<{ n: number }>(`SELECT count(*)::int AS n ${from}`, params),
    ]);
    return { items: rows.map(parse), total: count[0]!.n };
  }
}
