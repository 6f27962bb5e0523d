import { Controller, Get, Query } from '@nestjs/common';
import { z } from 'zod';
import { RequireRoles, ZodValidationPipe, type Page } from '@tsunagu/platform';
import { IDENTITY_ROUTES } from '../identity.constants';
import type { AuditLogRow } from '../identity.tables';
import type { ChainReport } from './audit-chain';
import { AuditService } from './audit.service';

export const auditQuerySchema = z
  .object({
    actor: z.string().min(1).max(100).optional(),
    /** a path or its beginning (`/work-orders/<id>`, `/call-centre/cases`) */
    path: z.string().min(1).max(300).optional(),
    page: z.coerce.number().int().min(1).max(100_000).default(1),
    pageSize: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();

/** The audit trail for admins: filtered by user or record, and its chain checked. */
@Controller(IDENTITY_ROUTES.audit)
@RequireRoles('admin')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  async list(@Query(new ZodValidationPipe(auditQuerySchema)) q: z.infer<typeof auditQuerySchema>): Promise<Page<AuditLogRow>> {
    return { ...(await this.audit.list(q)), page: q.page, pageSize: q.pageSize };
  }

  /** 200 `{ok, rows, firstBroken}`: the first row whose link or content does not hold, or null. */
  @Get('verify')
  verify(): Promise<ChainReport> {
    return this.audit.verify();
  }
}
