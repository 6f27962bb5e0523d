import { BadRequestException, type PipeTransform } from '@nestjs/common';
import type { z } from 'zod';
import { formatIssues, formatPath } from '@tsunagu/contracts';

/**
 * Validates a body or query with a schema; a 400 names every bad field. Whatever
 * the schema, a string still holding NUL after it is refused too: PostgreSQL's
 * text cannot store it, and the insert would fail with a 500 (schemas for free
 * text strip or refuse every control character; this is the floor for the rest).
 */
export class ZodValidationPipe<S extends z.ZodType> implements PipeTransform<unknown, z.infer<S>> {
  constructor(private readonly schema: S) {}

  transform(value: unknown): z.infer<S> {
    const result = this.schema.safeParse(value);
    if (!result.success) {
      throw badRequest(result.error.issues.map((i) => ({ field: formatPath(i.path), problem: i.message })), formatIssues(result.error));
    }
    const nul = pathsWithNul(result.data);
    if (nul.length > 0) {
      const fields = nul.map((p) => ({ field: formatPath(p), problem: 'must not contain NUL characters' }));
      throw badRequest(fields, fields.map((f) => `${f.field}: ${f.problem}`).join('; '));
    }
    return result.data;
  }
}

function badRequest(fields: ReadonlyArray<{ field: string; problem: string }>, message: string): BadRequestException {
  return new BadRequestException({ statusCode: 400, error: 'Bad Request', message, fields });
}

/** Paths of the strings (and object keys) holding NUL, depth-first; bounded by the parsed value's own size. */
function pathsWithNul(value: unknown, path: PropertyKey[] = [], out: PropertyKey[][] = []): PropertyKey[][] {
  if (typeof value === 'string') {
    if (value.includes('\u0000')) out.push(path);
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => pathsWithNul(v, [...path, i], out));
  } else if (value !== null && typeof value === 'object' && !(value instanceof Date) && !Buffer.isBuffer(value)) {
    for (const [k, v] of Object.entries(value)) {
      if (k.includes('\u0000')) out.push([...path, k]);
      pathsWithNul(v, [...path, k], out);
    }
  }
  return out;
}
