import { z } from 'zod';
import { epochMsSchema } from './common.schema';

/** `maintenance.work-order.closed.v1`: the problem behind a dedup key was handled. */
export const workOrderClosedV1Schema = z.object({
  workOrderId: z.string().min(1),
  machineId: z.string().min(1),
  dedupKey: z.string().min(1),
  status: z.enum(['done', 'cancelled']),
  closedAt: epochMsSchema,
  closedBy: z.string().min(1),
});
export type WorkOrderClosedV1 = z.infer<typeof workOrderClosedV1Schema>;
