import { z } from 'zod';
import { epochMsSchema, positionSchema } from './common.schema';

/** `transit.disruption.changed.v1`: tweet analysis → vehicle dispatch (started, then ended). */
export const transitDisruptionV1Schema = z.object({
  disruptionId: z.string().min(1).max(200),
  status: z.enum(['started', 'ended']),
  kind: z.enum(['delay', 'suspension']),
  lineId: z.string().min(1),
  lineName: z.string().min(1),
  stations: z
    .array(z.object({ id: z.string(), name: z.string(), position: positionSchema }))
    .max(200),
  startedAt: epochMsSchema,
  endedAt: epochMsSchema.optional(),
  /** 0..1 */
  confidence: z.number().min(0).max(1),
  sampleTweets: z.array(z.object({ id: z.string(), text: z.string() })).max(20),
  emittedAt: epochMsSchema,
});
export type TransitDisruptionV1 = z.infer<typeof transitDisruptionV1Schema>;
