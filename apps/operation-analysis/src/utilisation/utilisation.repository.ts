import { Injectable } from '@nestjs/common';
import { ServiceDatabase } from '@tsunagu/platform';
import { utilisationDailyTable as U, type UtilisationDayRow } from '../operation-analysis.tables';

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
  constructor(private readonly db: ServiceDatabase) {}

  async query(filter: UtilisationFilter): Promise<{ items: UtilisationDayRow[]; total: number; totals: UtilisationTotals }> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.machineId) where.push(`machine_id = $${params.push(filter.machineId)}`);
    if (filter.from) where.push(`day >= $${params.push(filter.from)}::date`);
    if (filter.to) where.push(`day <= $${params.push(filter.to)}::date`);
    const clause = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
    const [[agg], rows] = await Promise.all([
      this.db.query<{ total: number; off: number; idle: number; working: number; travelling: number }>(
        `SELECT count(*)::int AS total, COALESCE(sum(off_sec), 0)::float8 AS off, COALESCE(sum(idle_sec), 0)::float8 AS idle,
                COALESCE(sum(working_sec), 0)::float8 AS working, COALESCE(sum(travelling_sec), 0)::float8 AS travelling
           FROM ${U.qualified} ${clause}`,
        params,
      ),
      this.db.query(`SELECT ${U.select()} FROM ${U.qualified} ${clause} ORDER BY day DESC, machine_id LIMIT $${params.length + 1} OFFSET $${params.length + 2}`, [
        ...params,
        filter.pageSize,
        (filter.page - 1) * filter.pageSize,
      ]),
    ]);
    return {
      items: rows.map(U.parse),
      total: agg!.total,
      totals: { offSec: agg!.off, idleSec: agg!.idle, workingSec: agg!.working, travellingSec: agg!.travelling },
    };
  }
}
