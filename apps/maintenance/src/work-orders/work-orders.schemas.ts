import { z } from 'zod';
import { SEVERITIES } from '@tsunagu/contracts';
import { WORK_ORDER_STATUSES } from '@tsunagu/maintenance';

/** A comma-separated list of allowed values in a query string (`status=open,scheduled`). */
function csvOf<T extends readonly [string, ...string[]]>(values: T) {
  return z
    .string()
    .transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean))
    .pipe(z.array(z.enum(values)).min(1));
}

export const pageSchema = {
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).optional(),
};

export const listWorkOrdersQuerySchema = z
  .object({
    status: csvOf(WORK_ORDER_STATUSES).optional(),
    severity: csvOf(SEVERITIES).optional(),
    machineId: z.string().min(1).max(64).optional(),
    site: z.string().min(1).max(100).optional(),
    ...pageSchema,
  })
  .strict();
export type ListWorkOrdersQuery = z.infer<typeof listWorkOrdersQuerySchema>;

export const transitionBodySchema = z
  .object({
    status: z.enum(WORK_ORDER_STATUSES),
    /** who did it */
    by: z.string().trim().min(1).max(100),
    note: z.string().max(2000).optional(),
    assignee: z.string().trim().min(1).max(100).optional(),
    scheduledFor: z.iso.datetime({ offset: true }).optional(),
    /** engine hours at which the work was done (service history) */
    engineHours: z.number().nonnegative().optional(),
  })
  .strict();
export type TransitionBody = z.infer<typeof transitionBodySchema>;
