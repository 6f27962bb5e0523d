import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { OPERATION_ANALYSIS_TOKENS } from '../operation-analysis.constants';
import type { UtilisationDayEntity } from './utilisation-day.entity';

type Row = Record<string, unknown>;

export interface UtilisationFilter {
  readonly machineId?: string;
  /** inclusive UTC days, YYYY-MM-DD */
  readonly from?: string;
  readonly to?: string;
  readonly page: number;
  readonly pageSize: number;
}

export interface UtilisationTotals {
  readonly offSec: number;
  readonly idleSec: number;
  readonly workingSec: number;
  readonly travellingSec: number;
}

/** Reads the daily utilisation tallies. */
@Injectable()
export class UtilisationRepository {
  constructor(@Inject(OPERATION_ANALYSIS_TOKENS.dataSource) private readonly dataSource: DataSource) {}

  async query(filter: UtilisationFilter): Promise<{ items: UtilisationDayEntity[]; total: number; totals: UtilisationTotals }> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.machineId) where.push(`machine_id = $${params.push(filter.machineId)}`);
    if (filter.from) where.push(`day >= $${params.push(filter.from)}::date`);
    if (filter.to) where.push(`day <= $${params.push(filter.to)}::date`);
    const clause = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
    const [agg]: Row[] = await this.dataSource.query(
      `SELECT count(*)::int AS total, COALESCE(sum(off_sec), 0) AS off, COALESCE(sum(idle_sec), 0) AS idle,
              COALESCE(sum(working_sec), 0) AS working, COALESCE(sum(travelling_sec), 0) AS travelling
         FROM operation_analysis.utilisation_daily ${clause}`,
      params,
    );
    const rows: Row[] = await this.dataSource.query(
      `SELECT machine_id, to_char(day, 'YYYY-MM-DD') AS day, model, off_sec, idle_sec, working_sec, travelling_sec, updated_at
         FROM operation_analysis.utilisation_daily ${clause}
        ORDER BY day DESC, machine_id LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, filter.pageSize, (filter.page - 1) * filter.pageSize],
    );
    return {
      items: rows.map((r) => ({
        machineId: r.machine_id as string,
        day: r.day as string,
        model: r.model as string,
        offSec: Number(r.off_sec),
        idleSec: Number(r.idle_sec),
        workingSec: Number(r.working_sec),
        travellingSec: Number(r.travelling_sec),
        updatedAt: new Date(r.updated_at as string),
      })),
      total: Number(agg!.total),
      totals: { offSec: Number(agg!.off), idleSec: Number(agg!.idle), workingSec: Number(agg!.working), travellingSec: Number(agg!.travelling) },
    };
  }
}
