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
