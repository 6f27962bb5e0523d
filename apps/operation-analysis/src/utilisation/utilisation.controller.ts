import { Controller, Get, Inject, Query } from '@nestjs/common';
import { z } from 'zod';
import { RequireRoles, ZodValidationPipe } from '@tsunagu/platform';
import type { OperationAnalysisOptions } from '../operation-analysis.config';
import { OPERATION_ANALYSIS_TOKENS } from '../operation-analysis.constants';
import { UtilisationRepository, type UtilisationTotals } from './utilisation.repository';

const day = z.iso.date();

export const utilisationQuerySchema = z
  .object({
    machineId: z.string().min(1).max(64).optional(),
    /** first UTC day, YYYY-MM-DD (inclusive) */
    from: day.optional(),
    /** last UTC day, YYYY-MM-DD (inclusive) */
    to: day.optional(),
    page: z.coerce.number().int().min(1).max(100_000).default(1),
    pageSize: z.coerce.number().int().min(1).max(1000).optional(),
  })
  .strict()
  .refine((q) => !q.from || !q.to || q.from <= q.to, { path: ['to'], message: 'must not be before from' });
type UtilisationQuery = z.infer<typeof utilisationQuerySchema>;

/** Shares of the engine-on time: how much of it was productive and how much idling. */
function ratios(t: UtilisationTotals): { utilisation: number | null; idleShare: number | null } {
  const on = t.idleSec + t.workingSec + t.travellingSec;
  const all = on + t.offSec;
  return {
    utilisation: all > 0 ? round3((t.workingSec + t.travellingSec) / all) : null,
    idleShare: on > 0 ? round3(t.idleSec / on) : null,
  };
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/** The operators' utilisation report: working vs idle vs off per machine per day. */
@Controller('utilisation')
export class UtilisationController {
  constructor(
    private readonly utilisation: UtilisationRepository,
    @Inject(OPERATION_ANALYSIS_TOKENS.options) private readonly options: OperationAnalysisOptions,
  ) {}

  @Get()
  @RequireRoles('operator', 'maintenance')
  async report(@Query(new ZodValidationPipe(utilisationQuerySchema)) query: UtilisationQuery) {
    const pageSize = query.pageSize ?? this.options.defaultPageSize;
    const { items, total, totals } = await this.utilisation.query({ ...query, pageSize });
    return {
      items: items.map((d) => ({ ...d, ...ratios(d) })),
      page: query.page,
      pageSize,
      total,
      totals: { ...totals, ...ratios(totals) },
    };
  }
}
