import { z } from 'zod';
import { COMMAND_NAME_PATTERN } from '../commands/command-catalogue';
import { DEVICE_ID_PATTERN } from '../mqtt/mqtt-topics';
import { epochMsSchema } from './common.schema';

/** Command ids: chosen by the caller (idempotent retries) or generated; safe in URLs and topics. */
export const commandIdSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/, 'letters, digits, . _ : - (max 128)');

export const COMMAND_STATES = ['queued', 'delivered', 'succeeded', 'failed', 'expired'] as const;
export type CommandState = (typeof COMMAND_STATES)[number];

/**
 * `device.command.requested.v1`: a record system asks for a command (maintenance
 * wants a diagnostic dump, the call centre a vehicle's position). The ingest broker
 * validates it against the device kind's catalogue and queues it; a request for an
 * unknown device or command becomes a dead letter. The same commandId twice is one
 * command.
 */
export const deviceCommandRequestedV1Schema = z.object({
  commandId: commandIdSchema,
  deviceId: z.string().regex(DEVICE_ID_PATTERN),
  name: z.string().regex(COMMAND_NAME_PATTERN),
  args: z.record(z.string(), z.unknown()).default({}),
  /** epoch ms after which the command is not delivered any more */
  expiresAt: epochMsSchema,
  /** who asks: `maintenance`, `call-centre:agent-7` */
  requestedBy: z.string().min(1).max(100),
  requestedAt: epochMsSchema,
});
export type DeviceCommandRequestedV1 = z.infer<typeof deviceCommandRequestedV1Schema>;

/** MQTT `tsunagu/v1/devices/{id}/commands` (platform → device, QoS 1). */
export const deviceCommandMessageV1Schema = z.object({
  commandId: commandIdSchema,
  name: z.string(),
  args: z.record(z.string(), z.unknown()),
  issuedAt: epochMsSchema,
  expiresAt: epochMsSchema,
});
export type DeviceCommandMessageV1 = z.infer<typeof deviceCommandMessageV1Schema>;

/** MQTT `tsunagu/v1/devices/{id}/commands/ack` (device → platform): the outcome of one command. */
export const deviceCommandAckV1Schema = z
  .object({
    commandId: commandIdSchema,
    status: z.enum(['succeeded', 'failed']),
    /** what the command produced (a diagnostic dump, a position) */
    result: z.record(z.string(), z.unknown()).optional(),
    /** why it failed */
    error: z.string().max(2000).optional(),
  })
  .strict();
export type DeviceCommandAckV1 = z.infer<typeof deviceCommandAckV1Schema>;
