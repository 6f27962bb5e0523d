import { Inject, Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import type { Position, VehicleIncidentV1 } from '@tsunagu/contracts';
import { CALL_CENTRE_TOKENS } from '../call-centre.constants';
import type { CaseStatus, Priority } from '@tsunagu/call-centre';
import type { CaseEntity } from './case.entity';
import type { CaseEventEntity, CaseEventType } from './case-event.entity';
import type { CaseIncidentEntity } from './case-incident.entity';

const T = {
  cases: 'call_centre.cases',
  incidents: 'call_centre.case_incidents',
  events: 'call_centre.case_events',
} as const;

type Row = Record<string, unknown>;

function date(v: unknown): Date | null {
  return v === null || v === undefined ? null : new Date(v as string | Date);
}

function toCase(r: Row): CaseEntity {
  return {
    id: r.id as string,
    vehicleId: r.vehicle_id as string,
    kind: r.kind as string,
    status: r.status as CaseStatus,
    priority: Number(r.priority) as Priority,
    severity: r.severity as string,
    summary: r.summary as string,
    dedupKey: r.dedup_key as string,
    position: r.position as Position,
    lastPosition: r.last_position as Position,
    incidentCount: Number(r.incident_count),
    assignedAgent: (r.assigned_agent as string | null) ?? null,
    openedAt: date(r.opened_at)!,
    updatedAt: date(r.updated_at)!,
    slaDueAt: date(r.sla_due_at)!,
    acknowledgedAt: date(r.acknowledged_at),
    resolvedAt: date(r.resolved_at),
    closedAt: date(r.closed_at),
    escalatedAt: date(r.escalated_at),
    escalationLevel: Number(r.escalation_level),
    resolution: (r.resolution as string | null) ?? null,
  };
}

function toIncident(r: Row): CaseIncidentEntity {
  return {
    findingId: r.finding_id as string,
    caseId: r.case_id as string,
    kind: r.kind as string,
    severity: r.severity as string,
    summary: r.summary as string,
    dedupKey: r.dedup_key as string,
    detectedAt: date(r.detected_at)!,
    position: r.position as Position,
    evidence: r.evidence as CaseIncidentEntity['evidence'],
    dtc: (r.dtc as CaseIncidentEntity['dtc']) ?? null,
    driverScore: r.driver_score === null ? null : Number(r.driver_score),
    origin: r.origin as CaseIncidentEntity['origin'],
    receivedAt: date(r.received_at)!,
  };
}

function toEvent(r: Row): CaseEventEntity {
  return {
    id: String(r.id),
    caseId: r.case_id as string,
    at: date(r.at)!,
    actor: r.actor as string,
    type: r.type as CaseEventType,
    fromStatus: (r.from_status as string | null) ?? null,
    toStatus: (r.to_status as string | null) ?? null,
    detail: (r.detail as Record<string, unknown>) ?? {},
  };
}

export interface NewCase {
  readonly vehicleId: string;
  readonly kind: string;
  readonly priority: Priority;
  readonly severity: string;
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

/** Every SQL statement of the cases feature; the service holds the logic. */
@Injectable()
export class CasesRepository {
  constructor(@Inject(CALL_CENTRE_TOKENS.dataSource) private readonly dataSource: DataSource) {}

  transaction<R>(fn: (m: EntityManager) => Promise<R>): Promise<R> {
    return this.dataSource.transaction(fn);
  }

  /** Remembers an incident's finding id; false if it was already processed (idempotency). */
  async insertIncident(m: EntityManager, caseId: string, incident: VehicleIncidentV1, receivedAt: number): Promise<boolean> {
    const rows = (await m.query(
      `INSERT INTO ${T.incidents} (finding_id, case_id, kind, severity, summary, dedup_key, detected_at, position, evidence, dtc, driver_score, origin, received_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
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
      ],
    )) as Row[];
    return rows.length > 0;
  }

  async incidentExists(m: EntityManager, findingId: string): Promise<boolean> {
    const rows = (await m.query(`SELECT 1 FROM ${T.incidents} WHERE finding_id = $1`, [findingId])) as Row[];
    return rows.length > 0;
  }

  /** The open case of a vehicle and kind, locked for this transaction. */
  async findOpenCaseForUpdate(m: EntityManager, vehicleId: string, kind: string): Promise<CaseEntity | null> {
    const rows = (await m.query(
      `SELECT * FROM ${T.cases} WHERE vehicle_id = $1 AND kind = $2 AND status IN ('new', 'acknowledged', 'in_contact') FOR UPDATE`,
      [vehicleId, kind],
    )) as Row[];
    return rows[0] ? toCase(rows[0]) : null;
  }

  async insertCase(m: EntityManager, c: NewCase): Promise<string> {
    const rows = (await m.query(
      `INSERT INTO ${T.cases} (vehicle_id, kind, status, priority, severity, summary, dedup_key, position, last_position, opened_at, updated_at, sla_due_at)
       VALUES ($1, $2, 'new', $3, $4, $5, $6, $7, $7, $8, $8, $9) RETURNING id`,
      [c.vehicleId, c.kind, c.priority, c.severity, c.summary, c.dedupKey, JSON.stringify(c.position), new Date(c.openedAt), new Date(c.slaDueAt)],
    )) as Row[];
    return rows[0]!.id as string;
  }

  async attachToCase(
    m: EntityManager,
    caseId: string,
    fields: { position: Position; at: number; priority: Priority; severity: string; slaDueAt: number },
  ): Promise<void> {
    await m.query(
      `UPDATE ${T.cases} SET incident_count = incident_count + 1, last_position = $2, updated_at = $3,
         priority = $4, severity = $5, sla_due_at = $6 WHERE id = $1`,
      [caseId, JSON.stringify(fields.position), new Date(fields.at), fields.priority, fields.severity, new Date(fields.slaDueAt)],
    );
  }

  async addEvents(m: EntityManager, events: readonly CaseEventInput[]): Promise<void> {
    if (events.length === 0) return;
    const values: unknown[] = [];
    const tuples = events.map((e, i) => {
      values.push(e.caseId, new Date(e.at), e.actor, e.type, e.fromStatus ?? null, e.toStatus ?? null, JSON.stringify(e.detail ?? {}));
      const b = i * 7;
      return `($${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}, $${b + 5}, $${b + 6}, $${b + 7})`;
    });
    await m.query(`INSERT INTO ${T.events} (case_id, at, actor, type, from_status, to_status, detail) VALUES ${tuples.join(', ')}`, values);
  }

  async findCase(m: EntityManager | null, id: string, options: { forUpdate?: boolean } = {}): Promise<CaseEntity | null> {
    const rows = (await (m ?? this.dataSource.manager).query(
      `SELECT * FROM ${T.cases} WHERE id = $1${options.forUpdate ? ' FOR UPDATE' : ''}`,
      [id],
    )) as Row[];
    return rows[0] ? toCase(rows[0]) : null;
  }

  async updateCase(m: EntityManager, id: string, fields: Partial<Record<'status' | 'assigned_agent' | 'resolution', string | null>> & Partial<Record<'acknowledged_at' | 'resolved_at' | 'closed_at' | 'updated_at', Date>>): Promise<void> {
    const keys = Object.keys(fields);
    const sets = keys.map((k, i) => `${k} = $${i + 2}`);
    await m.query(`UPDATE ${T.cases} SET ${sets.join(', ')} WHERE id = $1`, [id, ...keys.map((k) => (fields as Record<string, unknown>)[k])]);
  }

  async queue(statuses: readonly CaseStatus[], limit: number, offset: number, vehicleId?: string): Promise<{ items: CaseEntity[]; total: number }> {
    const params: unknown[] = [statuses];
    let where = 'status = ANY($1)';
    if (vehicleId) {
      params.push(vehicleId);
      where += ` AND vehicle_id = $${params.length}`;
    }
    const [rows, count] = await Promise.all([
      this.dataSource.query(
        `SELECT * FROM ${T.cases} WHERE ${where} ORDER BY priority ASC, sla_due_at ASC, opened_at ASC, id ASC LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
        [...params, limit, offset],
      ) as Promise<Row[]>,
      this.dataSource.query(`SELECT count(*)::int AS n FROM ${T.cases} WHERE ${where}`, params) as Promise<Row[]>,
    ]);
    return { items: rows.map(toCase), total: Number(count[0]!.n) };
  }

  async incidentsOf(caseId: string): Promise<CaseIncidentEntity[]> {
    const rows = (await this.dataSource.query(`SELECT * FROM ${T.incidents} WHERE case_id = $1 ORDER BY detected_at ASC, finding_id ASC`, [caseId])) as Row[];
    return rows.map(toIncident);
  }

  async eventsOf(caseId: string): Promise<CaseEventEntity[]> {
    const rows = (await this.dataSource.query(`SELECT * FROM ${T.events} WHERE case_id = $1 ORDER BY id ASC`, [caseId])) as Row[];
    return rows.map(toEvent);
  }

  /**
   * Escalates every case still unacknowledged past its SLA, exactly once: the
   * conditional update and the history entry are one statement, so two job runs
   * (or two instances) can never escalate the same case twice.
   */
  async escalateOverdue(now: number, actor: string): Promise<Array<{ caseId: string; priority: number; slaDueAt: Date }>> {
    const rows = (await this.dataSource.query(
      `WITH overdue AS (
         UPDATE ${T.cases} SET escalated_at = $1, escalation_level = escalation_level + 1, updated_at = $1
         WHERE status = 'new' AND escalated_at IS NULL AND sla_due_at <= $1
         RETURNING id, priority, sla_due_at
       ), history AS (
         INSERT INTO ${T.events} (case_id, at, actor, type, from_status, to_status, detail)
         SELECT id, $1, $2, 'escalated', 'new', 'new',
                jsonb_build_object('slaDueAt', sla_due_at, 'priority', priority, 'overdueMs', (extract(epoch FROM ($1::timestamptz - sla_due_at)) * 1000)::bigint)
         FROM overdue
       )
       SELECT id, priority, sla_due_at FROM overdue`,
      [new Date(now), actor],
    )) as Row[];
    return rows.map((r) => ({ caseId: r.id as string, priority: Number(r.priority), slaDueAt: date(r.sla_due_at)! }));
  }

  async ping(): Promise<void> {
    await this.dataSource.query('SELECT 1');
  }
}
