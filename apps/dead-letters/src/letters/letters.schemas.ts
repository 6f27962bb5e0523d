import { z } from 'zod';
import { LETTER_STATUSES } from '../dead-letters.constants';

const id = z.string().regex(/^\d{1,18}$/, 'a dead letter id is a number');

export const listLettersQuerySchema = z
  .object({
    status: z.enum(LETTER_STATUSES).default('pending'),
    /** the topic the records were refused from (`mqtt:<topic>` for the broker's rejects) */
    topic: z.string().min(1).max(200).optional(),
    page: z.coerce.number().int().min(1).max(100_000).default(1),
    pageSize: z.coerce.number().int().min(1).max(200).optional(),
  })
  .strict();
export const redriveSchema = z.object({ ids: z.array(id).min(1).max(200) }).strict();
export const discardSchema = z.object({ reason: z.string().trim().min(1).max(2000), by: z.string().max(100).optional() }).strict();

export type ListLettersQuery = z.infer<typeof listLettersQuerySchema>;
export type RedriveBody = z.infer<typeof redriveSchema>;
export type DiscardBody = z.infer<typeof discardSchema>;
export { id as letterIdSchema };
