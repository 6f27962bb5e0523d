import { z } from 'zod';
import { formatIssues } from '../parse';

/** The kinds of device the registry provisions. */
export const REGISTRY_DEVICE_KINDS = ['machine', 'vehicle', 'tweet-source'] as const;
export type RegistryDeviceKind = (typeof REGISTRY_DEVICE_KINDS)[number];

/** Command names: kebab-case verbs. */
export const COMMAND_NAME_PATTERN = /^[a-z][a-z0-9-]{0,63}$/;

interface CommandSpec<S extends z.ZodType = z.ZodType> {
  /** what the device does */
  readonly description: string;
  /** its arguments (a strict object: unknown arguments are refused) */
  readonly args: S;
}

const reportingInterval: CommandSpec = {
  description: 'report every intervalMs milliseconds from now on',
  args: z.object({ intervalMs: z.number().int().min(100).max(3_600_000) }).strict(),
};
const reboot: CommandSpec = { description: 'restart the device program (the outbox survives)', args: z.object({}).strict() };
const ping: CommandSpec = { description: 'answer with the agent statistics (connected, pending, sent, acked)', args: z.object({}).strict() };

/**
 * What each kind of device can be told to do, and the arguments each command
 * takes. REST and the command-request topic validate against this before a
 * command is queued; devices answer a command they do not know with `failed`.
 */
export const COMMAND_CATALOGUE = {
  machine: {
    'set-reporting-interval': reportingInterval,
    'diagnostic-dump': {
      description: 'report the current sensor values of the named components (all when none are named)',
      args: z.object({ components: z.array(z.enum(['engine', 'hydraulics', 'fuel', 'position'])).max(4).optional() }).strict(),
    },
    ping,
    reboot,
  },
  vehicle: {
    'set-reporting-interval': reportingInterval,
    'report-position': { description: 'answer with the current position and speed', args: z.object({}).strict() },
    ping,
    reboot,
  },
  'tweet-source': { ping, reboot },
} as const satisfies Record<RegistryDeviceKind, Record<string, CommandSpec>>;

export type CommandCheck = { readonly ok: true; readonly args: Record<string, unknown> } | { readonly ok: false; readonly detail: string };

/** Checks a command's name and arguments against the device kind's catalogue. */
export function checkCommand(kind: RegistryDeviceKind, name: string, args: unknown): CommandCheck {
  const specs: Record<string, CommandSpec> = COMMAND_CATALOGUE[kind];
  const spec = Object.hasOwn(specs, name) ? specs[name] : undefined;
  if (!spec) return { ok: false, detail: `name: ${kind} devices have no command "${name}" (known: ${Object.keys(specs).join(', ')})` };
  const parsed = spec.args.safeParse(args ?? {});
  if (!parsed.success) return { ok: false, detail: `args.${formatIssues(parsed.error)}` };
  return { ok: true, args: parsed.data as Record<string, unknown> };
}

/** The catalogue as plain data (the REST route that lists it, the console). */
export function describeCatalogue(kind: RegistryDeviceKind): Array<{ name: string; description: string; args: unknown }> {
  return Object.entries(COMMAND_CATALOGUE[kind] as Record<string, CommandSpec>).map(([name, spec]) => ({
    name,
    description: spec.description,
    args: z.toJSONSchema(spec.args),
  }));
}
