import { z } from 'zod';
import { ConfigError } from '../errors/tsunagu.error';

/**
 * The one place that reads `process.env`. Each app validates its variables once,
 * at start-up, into one typed object, and refuses to start with a message that
 * names every bad variable. Values are never echoed (they may be secrets).
 */
export function loadConfig<S extends z.ZodType>(schema: S, env: Record<string, string | undefined> = process.env): z.infer<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `${issue.path.join('.') || '(env)'}: ${issue.message}`);
  throw new ConfigError(`invalid configuration: ${problems.join('; ')}`);
}

/**
 * A command-line program's configuration: its flags (`--name value`) over the
 * environment, each flag standing for one variable (`variables`: flag → variable);
 * an error names the variable and its flag.
 */
export function loadConfigWithFlags<S extends z.ZodType>(
  schema: S,
  variables: Readonly<Record<string, string>>,
  flags: Readonly<Record<string, string | undefined>>,
  env: Record<string, string | undefined> = process.env,
): z.infer<S> {
  const merged: Record<string, string | undefined> = { ...env };
  for (const [flag, variable] of Object.entries(variables)) if (flags[flag] !== undefined) merged[variable] = flags[flag];
  try {
    return loadConfig(schema, merged);
  } catch (err) {
    let message = (err as Error).message;
    for (const [flag, variable] of Object.entries(variables)) message = message.split(`${variable}:`).join(`${variable} (--${flag}):`);
    throw new ConfigError(message);
  }
}
