import { z } from 'zod';
import { loadConfigWithFlags } from '@tsunagu/platform/config/load-config';
import { DEVICE_ID_PATTERN } from '@tsunagu/contracts';
import { FSYNC_MODES } from '../queue/disk-queue';
import { OVERFLOW_POLICIES } from '../queue/outbox-queue';

const bool = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((v) => v === 'true' || v === '1' || v === 'yes');

/**
 * Settings of a device program. Each is an environment variable; the command-line
 * flag in brackets wins over it. Prefer DEVICE_PASSWORD over --password (command
 * lines are visible to every user of the machine).
 */
export const deviceProgramEnv = z.object({
  /** [--url] broker address: mqtt://host:1883, or mqtts://host:8883 for TLS */
  DEVICE_URL: z.string().regex(/^mqtts?:\/\/[^/]+/, 'an mqtt:// or mqtts:// URL').default('mqtt://127.0.0.1:1883'),
  /** [--device-id] the id the platform provisioned (also the MQTT client id and user name) */
  DEVICE_ID: z.string().regex(DEVICE_ID_PATTERN, 'letters, digits, . _ - (max 64)'),
  /** [--password] the secret the platform returned when the device was provisioned */
  DEVICE_PASSWORD: z.string().min(1),
  /** [--model] model id of the catalogue, e.g. excavator-20t or van-2t */
  DEVICE_MODEL: z.string().min(1).optional(),
  /** [--interval-ms] ms between two readings */
  DEVICE_INTERVAL_MS: z.coerce.number().int().min(10).max(3_600_000).default(1000),
  /** [--ca-file] PEM of the CA that signed the broker's certificate (mqtts only) */
  DEVICE_CA_FILE: z.string().min(1).optional(),
  /** [--data-dir] where the outbox is kept (survives restarts) */
  DEVICE_DATA_DIR: z.string().min(1).default('.data/devices'),
  /** [--source] `model` (the simulators' physics) or `file:<path>` (JSON lines replayed) */
  DEVICE_SOURCE: z.string().regex(/^(model|file:.+)$/, 'model or file:<path>').default('model'),
  /** [--count] stop after this many readings (0 = run until stopped) */
  DEVICE_COUNT: z.coerce.number().int().min(0).default(0),
  /** [--shifts] machines follow Japanese working hours */
  DEVICE_SHIFTS: bool.default(false),
  /** [--max-entries] outbox bound, entries */
  DEVICE_OUTBOX_MAX_ENTRIES: z.coerce.number().int().positive().default(100_000),
  /** [--max-bytes] outbox bound, bytes */
  DEVICE_OUTBOX_MAX_BYTES: z.coerce.number().int().positive().default(64 * 1024 * 1024),
  /** [--overflow] drop-oldest (keep the newest readings) or refuse (keep the oldest) */
  DEVICE_OUTBOX_OVERFLOW: z.enum(OVERFLOW_POLICIES).default('drop-oldest'),
  /** [--fsync] always | interval | never */
  DEVICE_FSYNC: z.enum(FSYNC_MODES).default('interval'),
  /** debug | info | warn | error */
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
});
export type DeviceProgramConfig = z.infer<typeof deviceProgramEnv>;

/** flag → variable */
export const DEVICE_FLAGS: Record<string, keyof DeviceProgramConfig> = {
  url: 'DEVICE_URL',
  'device-id': 'DEVICE_ID',
  password: 'DEVICE_PASSWORD',
  model: 'DEVICE_MODEL',
  'interval-ms': 'DEVICE_INTERVAL_MS',
  'ca-file': 'DEVICE_CA_FILE',
  'data-dir': 'DEVICE_DATA_DIR',
  source: 'DEVICE_SOURCE',
  count: 'DEVICE_COUNT',
  shifts: 'DEVICE_SHIFTS',
  'max-entries': 'DEVICE_OUTBOX_MAX_ENTRIES',
  'max-bytes': 'DEVICE_OUTBOX_MAX_BYTES',
  overflow: 'DEVICE_OUTBOX_OVERFLOW',
  fsync: 'DEVICE_FSYNC',
};

/** Flags over environment; the error names the variable and its flag. */
export function loadDeviceProgramConfig(flags: Record<string, string | undefined>, env?: Record<string, string | undefined>): DeviceProgramConfig {
  return loadConfigWithFlags(deviceProgramEnv, DEVICE_FLAGS, flags, env);
}
