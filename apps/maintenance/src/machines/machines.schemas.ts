import { z } from 'zod';
import { pageSchema } from '../work-orders/work-orders.schemas';

export const listMachinesQuerySchema = z.object({ site: z.string().min(1).max(100).optional(), ...pageSchema }).strict();
export type ListMachinesQuery = z.infer<typeof listMachinesQuerySchema>;

export const registerMachineBodySchema = z
  .object({
    /** model id from the machine catalogue, e.g. `excavator-20t` */
    model: z.string().trim().min(1).max(100),
    site: z.string().trim().min(1).max(100).optional(),
    engineHours: z.number().nonnegative().optional(),
  })
  .strict();
export type RegisterMachineBody = z.infer<typeof registerMachineBodySchema>;

export const serviceRecordBodySchema = z
  .object({
    task: z.string().trim().min(1).max(200),
    by: z.string().trim().min(1).max(100),
    engineHours: z.number().nonnegative().optional(),
    performedAt: z.iso.datetime({ offset: true }).optional(),
    note: z.string().max(2000).optional(),
  })
  .strict();
export type ServiceRecordBody = z.infer<typeof serviceRecordBodySchema>;
