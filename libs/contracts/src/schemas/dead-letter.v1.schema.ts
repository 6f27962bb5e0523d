import { z } from 'zod';
import { epochMsSchema } from './common.schema';

export const DEAD_LETTER_REASONS = [
  'malformed-json',
  'schema-violation',
  'payload-too-large',
  'unknown-channel',
  'processing-failed',
] as const;

/**
 * A rejected message with its reason and origin. Used by the ingest broker
 * (`telemetry.message.rejected.v1`, origin = the MQTT topic and device) and by
 * every consumer's `<topic>.dlq` (origin = topic, partition, offset).
 */
export const deadLetterV1Schema = z.object({
  reason: z.enum(DEAD_LETTER_REASONS),
  /** human-readable detail, e.g. the schema issues with their paths */
  detail: z.string().max(4000),
  origin: z.object({
    topic: z.string(),
    partition: z.number().int().nonnegative().optional(),
    offset: z.string().optional(),
    mqttTopic: z.string().optional(),
  }),
  deviceId: z.string().optional(),
  key: z.string().nullable().optional(),
  /** the raw payload: utf8 when it decodes cleanly, else base64 */
  payload: z.string(),
  payloadEncoding: z.enum(['utf8', 'base64']),
  payloadBytes: z.number().int().nonnegative(),
  rejectedBy: z.string(),
  rejectedAt: epochMsSchema,
});
export type DeadLetterV1 = z.infer<typeof deadLetterV1Schema>;
