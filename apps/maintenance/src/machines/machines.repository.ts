import { Inject, Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import { MAINTENANCE_TOKENS } from '../maintenance.constants';
import type { MachineEntity } from './machine.entity';
import type { ServiceRecordEntity } from './service-record.entity';

const T = {
  machines: 'maintenance.machines',
  service: 'maintenance.service_records',
} as const;

type Row = Record<string, unknown>;

function date(v: unknown): Date | null {
  return v === null || v === undefined ? null : new Date(v as string | Date);
}

function toMachine(r: Row): MachineEntity {
  return {
    machineId: r.machine_id as string,
    model: r.model as string,
    site: (r.site as string | null) ?? null,
    engineHours: r.engine_hours === null ? null : Number(r.engine_hours),
    registeredAt: date(r.registered_at)!,
    lastFindingAt: date(r.last_finding_at),
    updatedAt: date(r.updated_at)!,
  };
}

function toServiceRecord(r: Row): ServiceRecordEntity {
  return {
    id: r.id as string,
    machineId: r.machine_id as string,
    workOrderId: (r.work_order_id as string | null) ?? null,
    task: r.task as string,
    engineHours: r.engine_hours === null ? null : Number(r.engine_hours),
    performedAt: date(r.performed_at)!,
    performedBy: r.performed_by as string,
    note: (r.note as string | null) ?? null,
  };
}

export interface NewServiceRecord {
  readonly machineId: string;
  readonly workOrderId: string | null;
  readonly task: string;
  readonly engineHours: number | null;
  readonly performedAt: Date;
  readonly performedBy: string;
  readonly note: string | null;
}

/** The machine registry and service history. */
@Injectable()
export class MachinesRepository {
  constructor(@Inject(MAINTENANCE_TOKENS.dataSource) private readonly dataSource: DataSource) {}

  async register(machine: { machineId: string; model: string; site: string | null; engineHours: number | null }): Promise<{ machine: MachineEntity; created: boolean }> {
    const rows: Row[] = await this.dataSource.query(
      `INSERT INTO ${T.machines} AS mc (machine_id, model, site, engine_hours) VALUES ($1, $2, $3, $4)
       ON CONFLICT (machine_id) DO UPDATE SET model = EXCLUDED.model, site = EXCLUDED.site,
         engine_hours = COALESCE(EXCLUDED.engine_hours, mc.engine_hours), updated_at = now()
       RETURNING *, (xmax = 0) AS created`,
      [machine.machineId, machine.model, machine.site, machine.engineHours],
    );
    return { machine: toMachine(rows[0]!), created: Boolean(rows[0]!.created) };
  }

  async findById(machineId: string): Promise<MachineEntity | null> {
    const rows: Row[] = await this.dataSource.query(`SELECT * FROM ${T.machines} WHERE machine_id = $1`, [machineId]);
    return rows[0] ? toMachine(rows[0]) : null;
  }

  async list(filter: { site?: string; page: number; pageSize: number }): Promise<{ items: MachineEntity[]; total: number }> {
    const params: unknown[] = [];
    const clause = filter.site ? `WHERE site = $${params.push(filter.site)}` : '';
    const [count]: Row[] = await this.dataSource.query(`SELECT count(*)::int AS total FROM ${T.machines} ${clause}`, params);
    const rows: Row[] = await this.dataSource.query(
      `SELECT * FROM ${T.machines} ${clause} ORDER BY machine_id LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, filter.pageSize, (filter.page - 1) * filter.pageSize],
    );
    return { items: rows.map(toMachine), total: Number(count!.total) };
  }

  async serviceHistory(machineId: string): Promise<ServiceRecordEntity[]> {
    const rows: Row[] = await this.dataSource.query(`SELECT * FROM ${T.service} WHERE machine_id = $1 ORDER BY performed_at DESC, id`, [machineId]);
    return rows.map(toServiceRecord);
  }

  /** Adds a service record (inside the caller's transaction when given) and advances the machine's engine hours. */
  async addServiceRecord(record: NewServiceRecord, m?: EntityManager): Promise<ServiceRecordEntity> {
    const q = m ?? this.dataSource.manager;
    const rows: Row[] = await q.query(
      `INSERT INTO ${T.service} (machine_id, work_order_id, task, engine_hours, performed_at, performed_by, note)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *`,
      [record.machineId, record.workOrderId, record.task, record.engineHours, record.performedAt, record.performedBy, record.note],
    );
    if (record.engineHours !== null) {
      await q.query(`UPDATE ${T.machines} SET engine_hours = GREATEST(engine_hours, $2), updated_at = now() WHERE machine_id = $1`, [record.machineId, record.engineHours]);
    }
    return toServiceRecord(rows[0]!);
  }
}
