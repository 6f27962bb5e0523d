import { z } from 'zod';

/** A device's state document: configuration keys (`intervalMs`, `firmware`, `mode`) and their JSON values. */
export const stateDocumentSchema = z.record(z.string().min(1).max(64), z.unknown()).refine((d) => Object.keys(d).length <= 100, 'at most 100 keys');
export type StateDocument = z.infer<typeof stateDocumentSchema>;

/**
 * MQTT `tsunagu/v1/devices/{id}/state/desired` (platform → device, QoS 1): what the
 * operators want, its version, and the keys where the device's last report differs.
 * Sent when it changes and whenever the device subscribes again with a delta left.
 */
export const deviceDesiredStateMessageV1Schema = z.object({
  version: z.number().int().nonnegative(),
  desired: stateDocumentSchema,
  delta: stateDocumentSchema,
});
export type DeviceDesiredStateMessageV1 = z.infer<typeof deviceDesiredStateMessageV1Schema>;

/**
 * MQTT `tsunagu/v1/devices/{id}/state/reported` (device → platform): the keys the
 * device reports (merged into what it reported before; `null` removes a key). With
 * `version`, the report applies only if the stored reported version is still that
 * one (a report based on a stale view is refused).
 */
export const deviceReportedStateV1Schema = z
  .object({
    reported: stateDocumentSchema,
    version: z.number().int().nonnegative().optional(),
  })
  .strict();
export type DeviceReportedStateV1 = z.infer<typeof deviceReportedStateV1Schema>;
