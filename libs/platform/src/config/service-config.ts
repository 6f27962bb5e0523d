import type { z } from 'zod';
import { ConfigError } from '../errors/tsunagu.error';
import { loadConfig } from './load-config';

const loaded = new WeakMap<z.ZodType, unknown>();

/** A service's environment, validated once per process (the first call validates, later calls reuse). */
export function configOnce<S extends z.ZodType>(schema: S, env: Record<string, string | undefined> = process.env): z.infer<S> {
  if (env === process.env && loaded.has(schema)) return loaded.get(schema) as z.infer<S>;
  const value = loadConfig(schema, env);
  if (env === process.env) loaded.set(schema, value);
  return value;
}

/**
 * Validates every schema at start-up, before anything is built, and refuses to
 * start with one message naming every bad variable of every service.
 */
export function validateAll(schemas: readonly z.ZodType[], env: Record<string, string | undefined> = process.env): void {
  const problems: string[] = [];
  for (const schema of new Set(schemas)) {
    try {
      configOnce(schema, env);
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      problems.push(err.message.replace(/^invalid configuration: /, ''));
    }
  }
  if (problems.length > 0) throw new ConfigError(`invalid configuration: ${problems.join('; ')}`);
}
