import { Injectable } from '@nestjs/common';
import type { Position, Severity, VehicleIncidentV1 } from '@tsunagu/contracts';
import { OPEN_STATUSES, type CaseEventType, type CaseStatus, type Priority } from '@tsunagu/call-centre';
import { ServiceDatabase, type Lineage, type Tx } from '@tsunagu/platform';
import {
  caseEventsTable as E,
  caseIncidentsTable as I,
  casesTable as C,
  type CaseEventRow,
  type CaseIncidentRow,
  type CaseRow,
} from '../call-centre.tables';

export interface NewCase {
  readonly vehicleId: string;
  readonly kind: string;
  readonly priority: Priority;
  readonly severity: Severity;
  readonly summary: string;
  readonly dedupKey: string;
  readonly position: Position;
  readonly openedAt: number;
  readonly slaDueAt: number;
}

export interface CaseEventInput {
  readonly caseId: string;
  readonly at: number;
  readonly actor: string;
  readonly type: CaseEventType;
  readonly fromStatus?: CaseStatus | null;
  readonly toStatus?: CaseStatus | null;
  readonly detail?: Record<string, unknown>;
}

/** The fields a lifecycle step changes. */
export type CaseUpdate = Partial<Pick<CaseRow, 'status' | 'assignedAgent' | 'resolution' | 'acknowledgedAt' | 'resolvedAt' | 'closedAt' | 'updatedAt'>>;

/** Every SQL statement of the cases feature (plain SQL on the service's own schema); the service holds the logic. */
@Injectable()
export class CasesRepository {
  constructor(private readonly db: ServiceDatabase) {}

  /** Records an incident's finding id with its case; false if it was already recorded (idempotency). */
  async insertIncident(tx: Tx, caseId: string, incident: VehicleIncidentV1, receivedAt: number, lineage: Lineage): Promise<boolean> {
    const rows = await tx.query(
      `INSERT INTO ${I.qualified} (finding_id, case_id, kind, severity, summary, dedup_key, detected_at, position, evidence, dtc, driver_score, origin, received_at, lineage)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
       ON CONFLICT (finding_id) DO NOTHING RETURNING finding_id`,
      [
        incident.findingId,
        caseId,
        incident.kind,
        incident.severity,
        incident.summary,
        incident.dedupKey,
        new Date(incident.detectedAt),
        JSON.stringify(incident.position),
        JSON.stringify(incident.evidence),
        incident.dtc ? JSON.stringify(incident.dtc) : null,
        incident.driverScore ?? null,
        JSON.stringify(incident.origin),
        new Date(receivedAt),
        JSON.stringify(lineage),
      ],
    );
    return rows.length > 0;
  }

  async incidentExists(tx: Tx, findingId: string): Promise<boolean> {
    const rows = await tx.query(`SELECT 1 FROM ${I.qualified} WHERE finding_id = $1`, [findingId]);
    return rows.length > 0;
  }

  /** The open case of a vehicle and kind, locked until the transaction ends. */
  async lockOpenCase(tx: Tx, vehicleId: string, kind: string): Promise<CaseRow | null> {
    const rows = await tx.query(`SELECT ${C.select()} FROM ${C.qualified} WHERE vehicle_id = $1 AND kind = $2 AND status = ANY($3) FOR UPDATE`, [
      vehicleId,
      kind,
      OPEN_STATUSES,
    ]);
    return rows[0] ? C.parse(rows[0]) : null;
  }

  async insertCase(tx: Tx, c: NewCase): Promise<string> {
    const rows = await tx.query<{ id: string }>(
      `INSERT INTO ${C.qualified} (vehicle_id, kind, status, priority, severity, summary, dedup_key, position, last_position, opened_at, updated_at, sla_due_at)
       VALUES ($1, $2, 'new', $3, $4, $5, $6, $7, $7, $8, $8, $9) RETURNING id`,
      [c.vehicleId, c.kind, c.priority, c.severity, c.summary, c.dedupKey, JSON.stringify(c.position), new Date(c.openedAt), new Date(c.slaDueAt)],
    );
    return rows[0]!.id;
  }

  async attachToCase(tx: Tx, caseId: string, fields: { position: Position; at: number; priority: Priority; severity: Severity; slaDueAt: number }): Promise<void> {
    await tx.query(
      `UPDATE ${C.qualified} SET incident_count = incident_count + 1, last_position = $2, updated_at = $3,
         priority = $4, severity = $5, sla_due_at = $6 WHERE id = $1`,
      [caseId, JSON.stringify(fields.position), new Date(fields.at), fields.priority, fields.severity, new Date(fields.slaDueAt)],
    );
  }

  /** One statement; the history keeps the given order (ids follow the VALUES list). */
  async addEvents(tx: Tx, events: readonly CaseEventInput[]): Promise<void> {
    if (events.length === 0) return;
    const values: unknown[] = [];
    const tuples = events.map((e, i) => {
      values.push(e.caseId, new Date(e.at), e.actor, e.type, e.fromStatus ?? null, e.toStatus ?? null, JSON.stringify(e.detail ?? {}));
      const b = i * 7;
      return `($${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}, $${b + 5}, $${b + 6}, $${b + 7})`;
    });
    await tx.query(`INSERT INTO ${E.qualified} (case_id, at, actor, type, from_status, to_status, detail) VALUES ${tuples.join(', ')}`, values);
  }

  /** A case locked until the transaction ends (a lifecycle step). */
  async lockCase(tx: Tx, id: string): Promise<CaseRow | null> {
    const rows = await tx.query(`SELECT ${C.select()} FROM ${C.qualified} WHERE id = $1 FOR UPDATE`, [id]);
    return rows[0] ? C.parse(rows[0]) : null;
  }

  async findCase(id: string): Promise<CaseRow | null> {
    const rows = await this.db.query(`SELECT ${C.select()} FROM ${C.qualified} WHERE id = $1`, [id]);
    return rows[0] ? C.parse(rows[0]) : null;
  }

  async updateCase(tx: Tx, id: string, fields: CaseUpdate): Promise<void> {
    const entries = Object.entries(fields) as Array<[keyof CaseUpdate & string, unknown]>;
    const sets = entries.map(([field], i) => `${C.col(field)} = $${i + 2}`);
    await tx.query(`UPDATE ${C.qualified} SET ${sets.join(', ')} WHERE id = $1`, [id, ...entries.map(([, v]) => v)]);
  }

  async queue(statuses: readonly CaseStatus[], limit: number, offset: number, vehicleId?: string): Promise<{ items: CaseRow[]; total: number }> {
    const params: unknown[] = [statuses];
    let where = 'status = ANY($1)';
    if (vehicleId) {
      params.push(vehicleId);
      where += ` AND vehicle_id = $${params.length}`;
    }
    const [rows, count] = await Promise.all([
      this.db.query(
        `SELECT ${C.select()} FROM ${C.qualified} WHERE ${where} ORDER BY priority ASC, sla_due_at ASC, opened_at ASC, id ASC LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
        [...params, limit, offset],
      ),
      this.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${C.qualified} WHERE ${where}`, params),
    ]);
    return { items: rows.map(C.parse), total: count[0]!.n };
  }

  async incidentsOf(caseId: string): Promise<CaseIncidentRow[]> {
    const rows = await this.db.query(`SELECT ${I.select()} FROM ${I.qualified} WHERE case_id = $1 ORDER BY detected_at ASC, finding_id ASC`, [caseId]);
    return rows.map(I.parse);
  }

  async eventsOf(caseId: string): Promise<CaseEventRow[]> {
    const rows = await this.db.query(`SELECT ${E.select()} FROM ${E.qualified} WHERE case_id = $1 ORDER BY id ASC`, [caseId]);
    return rows.map(E.parse);
  }

  /**
   * Escalates every case still unacknowledged past its SLA, exactly once: the
   * conditional update and the history entry are one statement, so two job runs
   * (or two instances) can never escalate the same case twice.
   */
  async escalateOverdue(now: number, actor: string): Promise<Array<{ caseId: string; priority: number; slaDueAt: Date }>> {
    const rows = await this.db.query<{ id: string; priority: number; sla_due_at: Date }>(
      `WITH overdue AS (
         UPDATE ${C.qualified} SET escalated_at = $1, escalation_level = escalation_level + 1, updated_at = $1
         WHERE status = 'new' AND escalated_at IS NULL AND sla_due_at <= $1
         RETURNING id, priority, sla_due_at
       ), history AS (
         INSERT INTO ${E.qualified} (case_id, at, actor, type, from_status, to_status, detail)
         SELECT id, $1, $2, 'escalated', 'new', 'new',
                jsonb_build_object('slaDueAt', sla_due_at, 'priority', priority, 'overdueMs', (extract(epoch FROM ($1::timestamptz - sla_due_at)) * 1000)::bigint)
         FROM overdue
       )
       SELECT id, priority, sla_due_at FROM overdue`,
      [new Date(now), actor],
    );
    return rows.map((r) => ({ caseId: r.id, priority: r.priority, slaDueAt: new Date(r.sla_due_at) }));
  }
}
