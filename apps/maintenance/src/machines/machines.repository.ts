import { Injectable } from '@nestjs/common';
import { ServiceDatabase, type Tx } from '@tsunagu/platform';
import { machinesTable as M, serviceRecordsTable as S, type MachineRow, type ServiceRecordRow } from '../maintenance.tables';

export type NewServiceRecord = Omit<ServiceRecordRow, 'id'>;

/** The machine registry and service history. */
@Injectable()
export class MachinesRepository {
  constructor(private readonly db: ServiceDatabase) {}

  async register(machine: { machineId: string; model: string; site: string | null; engineHours: number | null }): Promise<{ machine: MachineRow; created: boolean }> {
    const rows = await this.db.query(
      `INSERT INTO ${M.qualified} AS mc (machine_id, model, site, engine_hours) VALUES ($1, $2, $3, $4)
       ON CONFLICT (machine_id) DO UPDATE SET model = EXCLUDED.model, site = EXCLUDED.site,
         engine_hours = COALESCE(EXCLUDED.engine_hours, mc.engine_hours), updated_at = now()
       RETURNING ${M.select()}, (xmax = 0) AS created`,
      [machine.machineId, machine.model, machine.site, machine.engineHours],
    );
    return { machine: M.parse(rows[0]!), created: Boolean(rows[0]!.created) };
  }

  async findById(machineId: string): Promise<MachineRow | null> {
    const rows = await this.db.query(`SELECT ${M.select()} FROM ${M.qualified} WHERE machine_id = $1`, [machineId]);
    return rows[0] ? M.parse(rows[0]) : null;
  }

  async list(filter: { site?: string; page: number; pageSize: number }): Promise<{ items: MachineRow[]; total: number }> {
    const params: unknown[] = [];
    const clause = filter.site ? `WHERE site = $${params.push(filter.site)}` : '';
    const [count, rows] = await Promise.all([
      this.db.query<{ total: number }>(`SELECT count(*)::int AS total FROM ${M.qualified} ${clause}`, params),
      this.db.query(`SELECT ${M.select()} FROM ${M.qualified} ${clause} ORDER BY machine_id LIMIT $${params.length + 1} OFFSET $${params.length + 2}`, [
        ...params,
        filter.pageSize,
        (filter.page - 1) * filter.pageSize,
      ]),
    ]);
    return { items: rows.map(M.parse), total: count[0]!.total };
  }

  async serviceHistory(machineId: string): Promise<ServiceRecordRow[]> {
    const rows = await this.db.query(`SELECT ${S.select()} FROM ${S.qualified} WHERE machine_id = $1 ORDER BY performed_at DESC, id`, [machineId]);
    return rows.map(S.parse);
  }

  /** Adds a service record (inside the caller's transaction when given) and advances the machine's engine hours. */
  async addServiceRecord(record: NewServiceRecord, tx?: Tx): Promise<ServiceRecordRow> {
    const q = tx ?? this.db;
    const rows = await q.query(
      `INSERT INTO ${S.qualified} (machine_id, work_order_id, task, engine_hours, performed_at, performed_by, note)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${S.select()}`,
      [record.machineId, record.workOrderId, record.task, record.engineHours, record.performedAt, record.performedBy, record.note],
    );
    if (record.engineHours !== null) {
      await q.query(`UPDATE ${M.qualified} SET engine_hours = GREATEST(engine_hours, $2), updated_at = now() WHERE machine_id = $1`, [record.machineId, record.engineHours]);
    }
    return S.parse(rows[0]!);
  }
}
