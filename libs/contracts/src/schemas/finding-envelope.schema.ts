import { z } from 'zod';
import { epochMsSchema, evidenceSchema, originSchema, severitySchema } from './common.schema';

/**
 * The envelope shared by the findings of pairs 1 and 2.
 * `findingId` is deterministic (derived from the inputs), so a finding re-emitted
 * after a restart carries the same id and record services can ignore it.
 * `dedupKey` is stable across occurrences of the same problem (e.g. `M-7:coolant:limit`).
 */
export const findingEnvelopeSchema = z.object({
  findingId: z.string().min(1).max(200),
  subjectId: z.string().min(1),
  component: z.string().min(1),
  kind: z.string().min(1),
  severity: severitySchema,
  dedupKey: z.string().min(1).max(300),
  detectedAt: epochMsSchema,
  summary: z.string().min(1).max(500),
  evidence: evidenceSchema,
  origin: originSchema,
});
export type FindingEnvelope = z.infer<typeof findingEnvelopeSchema>;
