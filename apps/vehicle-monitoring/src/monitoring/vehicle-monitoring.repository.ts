import { Injectable } from '@nestjs/common';
import type { VehicleAvailability, VehicleMonitorState } from '@tsunagu/vehicle-monitoring';
import { loadVersionedStates, ServiceDatabase, type LoadedState, type Tx } from '@tsunagu/platform';
import { vehiclesTable as V, type VehicleRow } from '../vehicle-monitoring.tables';

/** Every SQL statement of vehicle monitoring. States are read and written in bulk, per batch, in the caller's transaction. */
@Injectable()
export class VehicleMonitoringRepository {
  constructor(private readonly db: ServiceDatabase) {}

  /**
   * Locks the batch's vehicles and returns their states, except those whose
   * version matches `cached` (the caller already holds them): only versions travel then.
   */
  async loadStates(tx: Tx, vehicleIds: readonly string[], cached: ReadonlyMap<string, number>): Promise<Map<string, LoadedState<VehicleMonitorState>>> {
    return loadVersionedStates<VehicleMonitorState>(tx, V, 'vehicle_id', vehicleIds, cached);
  }

  /**
   * One statement for the whole batch's states: the rows travel as one JSON
   * document (encoded once, no per-state string to escape into an array literal),
   * each state stored as its own JSON text; returns each vehicle's new version (a
   * fresh number of the sequence).
   */
  async saveStates(tx: Tx, states: readonly VehicleMonitorState[]): Promise<Map<string, number>> {
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
    const rows = await tx.query<{ vehicle_id: string; version: string }>(
      `INSERT INTO ${V.qualified} AS v (vehicle_id, model, state, last_ts, last_seq, availability, lat, lon, heading_deg, speed_kmh, updated_at)
       SELECT x.*, now()
         FROM json_to_recordset($1::json) AS x(vehicle_id text, model text, state json, last_ts bigint, last_seq bigint, availability text,
                                               lat double precision, lon double precision, heading_deg real, speed_kmh real)
       ON CONFLICT (vehicle_id) DO UPDATE SET model = EXCLUDED.model, state = EXCLUDED.state, last_ts = EXCLUDED.last_ts,
         last_seq = EXCLUDED.last_seq, availability = EXCLUDED.availability, lat = EXCLUDED.lat, lon = EXCLUDED.lon,
         heading_deg = EXCLUDED.heading_deg, speed_kmh = EXCLUDED.speed_kmh,
         version = nextval('${V.schema}.vehicle_versions'), updated_at = now()
       RETURNING vehicle_id, version`,
      [JSON.stringify(records)],
    );
    return new Map(rows.map((r) => [r.vehicle_id, Number(r.version)]));
  }

  /** Vehicles silent since before `before` and not yet offline; rows another transaction holds are skipped. */
  async lockSilent(tx: Tx, before: number, limit: number): Promise<VehicleMonitorState[]> {
    const rows = await tx.query<{ state: VehicleMonitorState }>(
      `SELECT state FROM ${V.qualified} WHERE availability <> 'offline' AND last_ts < $1
       ORDER BY last_ts LIMIT $2 FOR UPDATE SKIP LOCKED`,
      [before, limit],
    );
    return rows.map((r) => r.state);
  }

  async list(query: { availability?: VehicleAvailability; limit: number; offset: number }): Promise<{ items: VehicleRow[]; total: number }> {
    const where = query.availability ? 'WHERE availability = $1' : '';
    const params = query.availability ? [query.availability] : [];
    const [rows, count] = await Promise.all([
      this.db.query(`SELECT ${V.select()} FROM ${V.qualified} ${where} ORDER BY vehicle_id LIMIT $${params.length + 1} OFFSET $${params.length + 2}`, [
        ...params,
        query.limit,
        query.offset,
      ]),
      this.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${V.qualified} ${where}`, params),
    ]);
    return { items: rows.map(V.parse), total: count[0]!.n };
  }

  async find(vehicleId: string): Promise<VehicleRow | null> {
    const rows = await this.db.query(`SELECT ${V.select()} FROM ${V.qualified} WHERE vehicle_id = $1`, [vehicleId]);
    return rows[0] ? V.parse(rows[0]) : null;
  }
}
