import { Inject, Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import type { VehicleAvailability, VehicleMonitorState } from '@tsunagu/vehicle-monitoring';
import { VEHICLE_MONITORING_TOKENS } from '../vehicle-monitoring.constants';

type Row = Record<string, unknown>;

export interface VehicleSummary {
  readonly vehicleId: string;
  readonly model: string;
  readonly availability: VehicleAvailability;
  readonly position: { lat: number; lon: number };
  readonly headingDeg: number;
  readonly speedKmh: number;
  /** reading time of the latest report */
  readonly lastReportAt: number;
  readonly lastSeq: number;
}

function toSummary(r: Row): VehicleSummary {
  return {
    vehicleId: r.vehicle_id as string,
    model: r.model as string,
    availability: r.availability as VehicleAvailability,
    position: { lat: Number(r.lat), lon: Number(r.lon) },
    headingDeg: Number(r.heading_deg),
    speedKmh: Number(r.speed_kmh),
    lastReportAt: Number(r.last_ts),
    lastSeq: Number(r.last_seq),
  };
}

/** Every SQL statement of vehicle monitoring. States are read and written in bulk, per batch. */
@Injectable()
export class VehicleMonitoringRepository {
  constructor(@Inject(VEHICLE_MONITORING_TOKENS.dataSource) private readonly dataSource: DataSource) {}

  transaction<R>(fn: (m: EntityManager) => Promise<R>): Promise<R> {
    return this.dataSource.transaction(fn);
  }

  /**
   * The last processed offset of a partition, locked for this transaction: two
   * instances handed the same partition during a rebalance take turns.
   */
  async lockOffset(m: EntityManager, topic: string, partition: number): Promise<bigint> {
    await m.query(
      `INSERT INTO vehicle_monitoring.consumer_offsets (topic, partition, last_offset, updated_at) VALUES ($1, $2, -1, now())
       ON CONFLICT (topic, partition) DO NOTHING`,
      [topic, partition],
    );
    const rows = (await m.query(
      `SELECT last_offset FROM vehicle_monitoring.consumer_offsets WHERE topic = $1 AND partition = $2 FOR UPDATE`,
      [topic, partition],
    )) as Row[];
    return BigInt(rows[0]!.last_offset as string);
  }

  async saveOffset(m: EntityManager, topic: string, partition: number, offset: string): Promise<void> {
    await m.query(
      `UPDATE vehicle_monitoring.consumer_offsets SET last_offset = $3, updated_at = now() WHERE topic = $1 AND partition = $2`,
      [topic, partition, offset],
    );
  }

  /**
   * Locks the batch's vehicles and returns their states, except those whose
   * version matches `cached` (the caller already holds them): only versions travel then.
   */
  async loadStates(
    m: EntityManager,
    vehicleIds: readonly string[],
    cached: ReadonlyMap<string, number>,
  ): Promise<Map<string, { version: number; state: VehicleMonitorState | null }>> {
    const known = vehicleIds.filter((id) => cached.has(id));
    const rows = (await m.query(
      `SELECT v.vehicle_id, v.version, CASE WHEN c.version IS DISTINCT FROM v.version THEN v.state END AS state
       FROM vehicle_monitoring.vehicles v
       LEFT JOIN unnest($2::text[], $3::bigint[]) AS c (vehicle_id, version) ON c.vehicle_id = v.vehicle_id
       WHERE v.vehicle_id = ANY($1) FOR UPDATE OF v`,
      [vehicleIds, known, known.map((id) => cached.get(id)!)],
    )) as Row[];
    return new Map(rows.map((r) => [r.vehicle_id as string, { version: Number(r.version), state: (r.state as VehicleMonitorState | null) ?? null }]));
  }

  /** One statement for the whole batch's states; returns each vehicle's new version. */
  async saveStates(m: EntityManager, states: readonly VehicleMonitorState[]): Promise<Map<string, number>> {
    if (states.length === 0) return new Map();
    const records = states.map((s) => ({
      vehicle_id: s.vehicleId,
      model: s.model,
      state: s,
      last_ts: s.lastTs,
      last_seq: s.lastSeq,
      availability: s.publishedAvailability ?? s.availability,
      lat: s.position.lat,
      lon: s.position.lon,
      heading_deg: s.headingDeg,
      speed_kmh: s.speedKmh,
    }));
    const rows = (await m.query(
      `INSERT INTO vehicle_monitoring.vehicles AS v (vehicle_id, model, state, last_ts, last_seq, availability, lat, lon, heading_deg, speed_kmh, version, updated_at)
       SELECT x.vehicle_id, x.model, x.state, x.last_ts, x.last_seq, x.availability, x.lat, x.lon, x.heading_deg, x.speed_kmh, 1, now()
       FROM jsonb_to_recordset($1::jsonb) AS x(vehicle_id text, model text, state jsonb, last_ts bigint, last_seq bigint, availability text,
                                               lat double precision, lon double precision, heading_deg real, speed_kmh real)
       ON CONFLICT (vehicle_id) DO UPDATE SET model = EXCLUDED.model, state = EXCLUDED.state, last_ts = EXCLUDED.last_ts,
         last_seq = EXCLUDED.last_seq, availability = EXCLUDED.availability, lat = EXCLUDED.lat, lon = EXCLUDED.lon,
         heading_deg = EXCLUDED.heading_deg, speed_kmh = EXCLUDED.speed_kmh, version = v.version + 1, updated_at = now()
       RETURNING vehicle_id, version`,
      [JSON.stringify(records)],
    )) as Row[];
    return new Map(rows.map((r) => [r.vehicle_id as string, Number(r.version)]));
  }

  /** Vehicles silent since before `before` and not yet offline; rows another transaction holds are skipped. */
  async lockSilent(m: EntityManager, before: number, limit: number): Promise<VehicleMonitorState[]> {
    const rows = (await m.query(
      `SELECT state FROM vehicle_monitoring.vehicles WHERE availability <> 'offline' AND last_ts < $1
       ORDER BY last_ts LIMIT $2 FOR UPDATE SKIP LOCKED`,
      [before, limit],
    )) as Row[];
    return rows.map((r) => r.state as VehicleMonitorState);
  }

  async list(query: { availability?: VehicleAvailability; limit: number; offset: number }): Promise<{ items: VehicleSummary[]; total: number }> {
    const where = query.availability ? 'WHERE availability = $1' : '';
    const params = query.availability ? [query.availability] : [];
    const [rows, count] = await Promise.all([
      this.dataSource.query(
        `SELECT * FROM vehicle_monitoring.vehicles ${where} ORDER BY vehicle_id LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
        [...params, query.limit, query.offset],
      ) as Promise<Row[]>,
      this.dataSource.query(`SELECT count(*)::int AS n FROM vehicle_monitoring.vehicles ${where}`, params) as Promise<Row[]>,
    ]);
    return { items: rows.map(toSummary), total: Number(count[0]!.n) };
  }

  async find(vehicleId: string): Promise<{ summary: VehicleSummary; state: VehicleMonitorState } | null> {
    const rows = (await this.dataSource.query(`SELECT * FROM vehicle_monitoring.vehicles WHERE vehicle_id = $1`, [vehicleId])) as Row[];
    return rows[0] ? { summary: toSummary(rows[0]), state: rows[0].state as VehicleMonitorState } : null;
  }

  async ping(): Promise<void> {
    await this.dataSource.query('SELECT 1');
  }
}
