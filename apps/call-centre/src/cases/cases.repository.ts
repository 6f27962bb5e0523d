import { Injectable } from '@nestjs/common';
import type { Position, Severity, VehicleIncidentV1 } from '@tsunagu/contracts';
import { caseKeyOf, OPEN_STATUSES, type CaseEventType, type CaseStatus, type Priority } from '@tsunagu/call-centre';
import { insertRows, ServiceDatabase, type Lineage, type Tx } from '@tsunagu/platform';
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
  readonly lastPosition: Position;
  /** the opening incident and those the same batch attached */
  readonly incidentCount: number;
  readonly openedAt: number;
  readonly slaDueAt: number;
}

/** What one batch's incidents changed on a case that was already open. */
export interface CaseAttachment {
  readonly id: string;
  readonly attached: number;
  readonly lastPosition: Position;
  readonly priority: Priority;
  readonly severity: Severity;
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

  /** Of these finding ids, those already recorded (idempotency: an incident is recorded once). */
  async recordedIncidents(tx: Tx, findingIds: readonly string[]): Promise<Set<string>> {
    if (findingIds.length === 0) return new Set();
    const rows = await tx.query<{ finding_id: string }>(`SELECT finding_id FROM ${I.qualified} WHERE finding_id = ANY($1::text[])`, [findingIds]);
    return new Set(rows.map((r) => r.finding_id));
  }

  /**
   * Records incidents with their cases in one statement; returns how many were new
   * (fewer than given: another transaction recorded some since `recordedIncidents`).
   */
  async insertIncidents(tx: Tx, incidents: ReadonlyArray<{ caseId: string; incident: VehicleIncidentV1; lineage: Lineage }>, receivedAt: number): Promise<number> {
    if (incidents.length === 0) return 0;
    const rows = await insertRows(
      tx,
      I,
      incidents.map(({ caseId, incident, lineage }) => ({ ...incident, caseId, lineage, receivedAt })),
      { onConflict: 'ON CONFLICT (finding_id) DO NOTHING', returning: 'finding_id' },
    );
    return rows.length;
  }

  /** The open cases of some (vehicle, kind) pairs, by `caseKeyOf`, locked until the transaction ends. */
  async lockOpenCases(tx: Tx, pairs: ReadonlyArray<{ vehicleId: string; kind: string }>): Promise<Map<string, CaseRow>> {
    if (pairs.length === 0) return new Map();
    const rows = await tx.query(
      `SELECT ${C.select()} FROM ${C.qualified}
        WHERE (vehicle_id, kind) IN (SELECT * FROM unnest($1::text[], $2::text[])) AND status = ANY($3) FOR UPDATE`,
      [pairs.map((p) => p.vehicleId), pairs.map((p) => p.kind), OPEN_STATUSES],
    );
    return new Map(rows.map(C.parse).map((c) => [caseKeyOf({ subjectId: c.vehicleId, kind: c.kind }), c]));
  }

  /** Opens cases in one statement (each already holding what the batch attached); returns their ids by `caseKeyOf`. */
  async insertCases(tx: Tx, cases: readonly NewCase[]): Promise<Map<string, string>> {
    if (cases.length === 0) return new Map();
    const rows = await tx.query<{ id: string; vehicle_id: string; kind: string }>(
      `INSERT INTO ${C.qualified} (vehicle_id, kind, status, priority, severity, summary, dedup_key, position, last_position, incident_count, opened_at, updated_at, sla_due_at)
       SELECT c."vehicleId", c.kind, 'new', c.priority, c.severity, c.summary, c."dedupKey", c.position, c."lastPosition", c."incidentCount",
              to_timestamp(c."openedAt" / 1000.0), to_timestamp(c."openedAt" / 1000.0), to_timestamp(c."slaDueAt" / 1000.0)
         FROM jsonb_to_recordset($1::jsonb) AS c("vehicleId" text, kind text, priority smallint, severity text, summary text, "dedupKey" text, position jsonb,
              "lastPosition" jsonb, "incidentCount" integer, "openedAt" double precision, "slaDueAt" double precision)
       RETURNING id, vehicle_id, kind`,
      [JSON.stringify(cases)],
    );
    return new Map(rows.map((r) => [caseKeyOf({ subjectId: r.vehicle_id, kind: r.kind }), r.id]));
  }

  /** What a batch's incidents changed on open cases, one statement. */
  async attachToCases(tx: Tx, changes: readonly CaseAttachment[], at: number): Promise<void> {
    if (changes.length === 0) return;
    await tx.query(
      `UPDATE ${C.qualified} AS c SET incident_count = c.incident_count + a.attached, last_position = a."lastPosition", updated_at = to_timestamp($2 / 1000.0),
         priority = a.priority, severity = a.severity, sla_due_at = to_timestamp(a."slaDueAt" / 1000.0)
         FROM jsonb_to_recordset($1::jsonb) AS a(id uuid, attached integer, "lastPosition" jsonb, priority smallint, severity text, "slaDueAt" double precision)
        WHERE c.id = a.id`,
      [JSON.stringify(changes), at],
    );
  }

  /** One statement; the history keeps the given order (ids are drawn in the list's order). */
  async addEvents(tx: Tx, events: readonly CaseEventInput[]): Promise<void> {
    if (events.length === 0) return;
    await tx.query(
      `INSERT INTO ${E.qualified} (case_id, at, actor, type, from_status, to_status, detail)
       SELECT (e.x->>'caseId')::uuid, to_timestamp((e.x->>'at')::double precision / 1000.0), e.x->>'actor', e.x->>'type', e.x->>'fromStatus', e.x->>'toStatus',
              COALESCE(e.x->'detail', '{}'::jsonb)
         FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS e(x, n)
        ORDER BY e.n`,
      [JSON.stringify(events)],
    );
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
