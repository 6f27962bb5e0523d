import { z } from 'zod';
import { epochMsSchema } from './common.schema';

export const PRESENCE_REASONS = ['connect', 'disconnect', 'will', 'takeover', 'keepalive-timeout', 'error'] as const;

/** `device.presence.changed.v1`: a device went online or offline. */
export const devicePresenceV1Schema = z.object({
  deviceId: z.string().min(1),
  online: z.boolean(),
  reason: z.enum(PRESENCE_REASONS),
  at: epochMsSchema,
  brokerId: z.string(),
});
export type DevicePresenceV1 = z.infer<typeof devicePresenceV1Schema>;
