import { Injectable } from '@nestjs/common';
import type { Severity } from '@tsunagu/contracts';
import { ACTIVE_STATUSES, type WorkOrderChange, type WorkOrderStatus } from '@tsunagu/maintenance';
import { insertRows, ServiceDatabase, type NewRowOf, type Tx } from '@tsunagu/platform';
import {
  machinesTable,
  workOrderEventsTable as E,
  workOrderFindingsTable as F,
  workOrdersTable as W,
  type WorkOrderEventRow,
  type WorkOrderFindingRow,
  type WorkOrderRow,
} from '../maintenance.tables';

/** A finding, stored once (the finding id is the idempotency key) with the work order it opened or joined. */
export type NewFinding = NewRowOf<typeof F, 'receivedAt'>;

/** A machine as a batch of findings saw it: registered when new, its site and engine hours refreshed. */
export type MachineSighting = NewRowOf<typeof machinesTable, 'registeredAt' | 'updatedAt'>;

/** A work order as the batch that opens it made it. */
export type NewWorkOrder = NewRowOf<typeof W, 'id' | 'assignee' | 'scheduledFor' | 'openedAt' | 'updatedAt' | 'closedAt' | 'closedBy'>;

export type WorkOrderEventInput = NewRowOf<typeof E, 'id' | 'at'>;

/** What one batch's findings changed on a work order (see planWorkOrders). */
export interface WorkOrderAggregate extends Omit<WorkOrderChange, 'dedupKey'> {
  readonly id: string;
}

export interface WorkOrderFilter {
  readonly status?: readonly WorkOrderStatus[];
  readonly severity?: readonly Severity[];
  readonly machineId?: string;
  readonly site?: string;
  readonly page: number;
  readonly pageSize: number;
}

/** Every read and write of work orders (plain SQL on the service's own schema; bulk writes are one statement each). */
@Injectable()
export class WorkOrdersRepository {
  constructor(private readonly db: ServiceDatabase) {}

  /** Of these finding ids, those already stored (idempotency: a finding is stored once). */
  async storedFindings(tx: Tx, findingIds: readonly string[]): Promise<Set<string>> {
    if (findingIds.length === 0) return new Set();
    const rows = await tx.query<{ finding_id: string }>(`SELECT finding_id FROM ${F.qualified} WHERE finding_id = ANY($1::text[])`, [findingIds]);
    return new Set(rows.map((r) => r.finding_id));
  }

  /**
   * Stores findings with their work orders in one statement (each row written once,
   * never updated after); returns how many were new (fewer than given: another
   * transaction stored some since `storedFindings`).
   */
  async insertFindings(tx: Tx, rows: readonly NewFinding[]): Promise<number> {
    const inserted = await insertRows(tx, F, rows, { defaults: ['receivedAt'], onConflict: 'ON CONFLICT (finding_id) DO NOTHING', returning: 'finding_id' });
    return inserted.length;
  }

  /** Registers machines first known from findings and refreshes what findings tell; returns each machine's site. */
  async upsertMachines(tx: Tx, sightings: readonly MachineSighting[]): Promise<Map<string, string | null>> {
    if (sightings.length === 0) return new Map();
    const rows = await insertRows(tx, machinesTable, sightings, {
      defaults: ['registeredAt', 'updatedAt'],
      alias: 'mc',
      onConflict: `ON CONFLICT (machine_id) DO UPDATE SET
         site = COALESCE(mc.site, EXCLUDED.site),
         engine_hours = GREATEST(mc.engine_hours, EXCLUDED.engine_hours),
         last_finding_at = GREATEST(mc.last_finding_at, EXCLUDED.last_finding_at),
         updated_at = now()`,
      returning: 'machine_id, site',
    });
    return new Map(rows.map((r) => [r.machine_id as string, (r.site as string | null) ?? null]));
  }

  /** The active work orders of some dedup keys, locked until the transaction ends. */
  async lockActiveByDedupKeys(tx: Tx, keys: readonly string[]): Promise<Map<string, WorkOrderRow>> {
    if (keys.length === 0) return new Map();
    const rows = await tx.query(`SELECT ${W.select()} FROM ${W.qualified} WHERE dedup_key = ANY($1::text[]) AND status = ANY($2::text[]) FOR UPDATE`, [keys, ACTIVE_STATUSES]);
    return new Map(rows.map(W.parse).map((w) => [w.dedupKey, w]));
  }

  /** Opens work orders in one statement, each with what its batch's findings made of it; returns their ids by dedup key. */
  async insertWorkOrders(tx: Tx, wos: readonly NewWorkOrder[]): Promise<Map<string, string>> {
    if (wos.length === 0) return new Map();
    const rows = await insertRows(tx, W, wos, { defaults: ['id', 'assignee', 'scheduledFor', 'openedAt', 'updatedAt', 'closedAt', 'closedBy'], returning: 'id, dedup_key' });
    return new Map(rows.map((r) => [r.dedup_key as string, r.id as string]));
  }

  /** Writes what a batch's findings add onto work orders that were already active, one statement. */
  async applyAggregates(tx: Tx, aggregates: readonly WorkOrderAggregate[]): Promise<void> {
    if (aggregates.length > 0) {
      await tx.query(
        `UPDATE ${W.qualified} AS w SET
           finding_count = w.finding_count + a."findingCount",
           severity = CASE WHEN a."severityRank" > w.severity_rank THEN a.severity ELSE w.severity END,
           severity_rank = GREATEST(w.severity_rank, a."severityRank"),
           summary = a.summary,
           last_detected_at = GREATEST(w.last_detected_at, to_timestamp(a."lastDetectedAt" / 1000.0)),
           predicted_time_to_limit_sec = COALESCE(a."predictedTimeToLimitSec", w.predicted_time_to_limit_sec),
           predicted_limit_at = COALESCE(to_timestamp(a."predictedLimitAt" / 1000.0), w.predicted_limit_at),
           engine_hours = GREATEST(w.engine_hours, a."engineHours"),
           updated_at = now()
         FROM jsonb_to_recordset($1::jsonb) AS a(id uuid, "findingCount" integer, severity text, "severityRank" smallint, summary text,
              "lastDetectedAt" double precision, "predictedTimeToLimitSec" double precision, "predictedLimitAt" double precision, "engineHours" double precision)
         WHERE w.id = a.id`,
        [JSON.stringify(aggregates)],
      );
    }
  }

  async insertEvents(tx: Tx, events: readonly WorkOrderEventInput[]): Promise<void> {
    await insertRows(tx, E, events, { defaults: ['id', 'at'] });
  }

  async lockById(tx: Tx, id: string): Promise<WorkOrderRow | null> {
    const rows = await tx.query(`SELECT ${W.select()} FROM ${W.qualified} WHERE id = $1 FOR UPDATE`, [id]);
    return rows[0] ? W.parse(rows[0]) : null;
  }

  async updateStatus(
    tx: Tx,
    id: string,
    change: { status: WorkOrderStatus; assignee?: string; scheduledFor?: Date | null; closedBy?: string | null; closed: boolean },
  ): Promise<WorkOrderRow> {
    const rows = await tx.query(
      `UPDATE ${W.qualified} SET status = $2,
         assignee = COALESCE($3, assignee),
         scheduled_for = CASE WHEN $2 = 'open' THEN NULL ELSE COALESCE($4, scheduled_for) END,
         closed_at = CASE WHEN $5 THEN now() ELSE NULL END,
         closed_by = CASE WHEN $5 THEN $6 ELSE NULL END,
         updated_at = now()
       WHERE id = $1 RETURNING ${W.select()}`,
      [id, change.status, change.assignee ?? null, change.scheduledFor ?? null, change.closed, change.closedBy ?? null],
    );
    return W.parse(rows[0]!);
  }

  async findById(id: string): Promise<WorkOrderRow | null> {
    const rows = await this.db.query(`SELECT ${W.select()} FROM ${W.qualified} WHERE id = $1`, [id]);
    return rows[0] ? W.parse(rows[0]) : null;
  }

  async findingsOf(workOrderId: string): Promise<WorkOrderFindingRow[]> {
    const rows = await this.db.query(`SELECT ${F.select()} FROM ${F.qualified} WHERE work_order_id = $1 ORDER BY detected_at, finding_id`, [workOrderId]);
    return rows.map(F.parse);
  }

  async eventsOf(workOrderId: string): Promise<WorkOrderEventRow[]> {
    const rows = await this.db.query(`SELECT ${E.select()} FROM ${E.qualified} WHERE work_order_id = $1 ORDER BY id`, [workOrderId]);
    return rows.map(E.parse);
  }

  async list(filter: WorkOrderFilter): Promise<{ items: WorkOrderRow[]; total: number }> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.status?.length) where.push(`status = ANY($${params.push(filter.status)}::text[])`);
    if (filter.severity?.length) where.push(`severity = ANY($${params.push(filter.severity)}::text[])`);
    if (filter.machineId) where.push(`machine_id = $${params.push(filter.machineId)}`);
    if (filter.site) where.push(`site = $${params.push(filter.site)}`);
    const clause = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
    const [count, rows] = await Promise.all([
      this.db.query<{ total: number }>(`SELECT count(*)::int AS total FROM ${W.qualified} ${clause}`, params),
      this.db.query(
        `SELECT ${W.select()} FROM ${W.qualified} ${clause}
          ORDER BY severity_rank DESC, last_detected_at DESC, id
          LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
        [...params, filter.pageSize, (filter.page - 1) * filter.pageSize],
      ),
    ]);
    return { items: rows.map(W.parse), total: count[0]!.total };
  }

  async listByMachine(machineId: string, limit: number): Promise<WorkOrderRow[]> {
    const rows = await this.db.query(`SELECT ${W.select()} FROM ${W.qualified} WHERE machine_id = $1 ORDER BY opened_at DESC, id LIMIT $2`, [machineId, limit]);
    return rows.map(W.parse);
  }
}
