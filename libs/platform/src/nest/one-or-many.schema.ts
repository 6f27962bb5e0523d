import { z } from 'zod';

/**
 * A body that is either one item or a batch `{ [key]: [items…] }`. Unlike a
 * union, a failure names the field of the shape that was sent (`tweets[3].createdAt`,
 * or `price` for a single item), not `(root): Invalid input`. Parses to the list.
 */
export function oneOrMany<S extends z.ZodType, K extends string>(item: S, key: K, max: number): z.ZodType<Array<z.output<S>>> {
  const batch = z.object({ [key]: z.array(item).min(1).max(max) } as Record<K, z.ZodArray<S>>).strict();
  return z.unknown().transform((value, ctx) => {
    const isBatch = typeof value === 'object' && value !== null && !Array.isArray(value) && key in value;
    const result = (isBatch ? batch : item).safeParse(value);
    if (!result.success) {
      for (const issue of result.error.issues) ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path });
      return z.NEVER;
    }
    return isBatch ? ((result.data as Record<K, Array<z.output<S>>>)[key]) : [result.data as z.output<S>];
  });
}
