import { Injectable } from '@nestjs/common';
import type { VehicleAvailability, VehicleMonitorState } from '@tsunagu/vehicle-monitoring';
import { jsonLines, jsonLinesTable, loadVersionedStates, pgNumbers, pgTexts, ServiceDatabase, type LoadedState, type Tx } from '@tsunagu/platform';
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
   * One statement for the whole batch's states: the columns travel as array
   * literals (`pgTexts`, `pgNumbers`: the readings' numbers are finite) and the
   * states as JSON lines (`jsonLines`: each state encoded once, parsed once by
   * PostgreSQL where it is cast to json); returns each vehicle's new version (a
   * fresh number of the sequence).
   */
  async saveStates(tx: Tx, states: readonly VehicleMonitorState[]): Promise<Map<string, number>> {
    if (states.length === 0) return new Map();
    const rows = await tx.query<{ vehicle_id: string; version: string }>(
      `INSERT INTO ${V.qualified} AS v (vehicle_id, model, state, last_ts, last_seq, availability, lat, lon, heading_deg, speed_kmh, updated_at)
       SELECT x.vehicle_id, x.model, s.doc::json, x.last_ts, x.last_seq, x.availability, x.lat, x.lon, x.heading_deg, x.speed_kmh, now()
         FROM unnest($1::text[], $2::text[], $3::bigint[], $4::bigint[], $5::text[], $6::float8[], $7::float8[], $8::real[], $9::real[])
              WITH ORDINALITY AS x (vehicle_id, model, last_ts, last_seq, availability, lat, lon, heading_deg, speed_kmh, n)
         JOIN ${jsonLinesTable(10, 's')} USING (n)
       ON CONFLICT (vehicle_id) DO UPDATE SET model = EXCLUDED.model, state = EXCLUDED.state, last_ts = EXCLUDED.last_ts,
         last_seq = EXCLUDED.last_seq, availability = EXCLUDED.availability, lat = EXCLUDED.lat, lon = EXCLUDED.lon,
         heading_deg = EXCLUDED.heading_deg, speed_kmh = EXCLUDED.speed_kmh,
         version = nextval('${V.schema}.vehicle_versions'), updated_at = now()
       RETURNING vehicle_id, version`,
      [
        pgTexts(states.map((s) => s.vehicleId)),
        pgTexts(states.map((s) => s.model)),
        pgNumbers(states.map((s) => s.lastTs)),
        pgNumbers(states.map((s) => s.lastSeq)),
        pgTexts(states.map((s) => s.publishedAvailability ?? s.availability)),
        pgNumbers(states.map((s) => s.position.lat)),
        pgNumbers(states.map((s) => s.position.lon)),
        pgNumbers(states.map((s) => s.headingDeg)),
        pgNumbers(states.map((s) => s.speedKmh)),
        jsonLines(states),
      ],
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
