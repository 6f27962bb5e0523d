import type { z } from 'zod';
import { fastParserOf, NOT_VOUCHED } from './fast-parser';

export type ParseResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly reason: 'malformed-json' | 'schema-violation'; readonly detail: string };

/** A field path as a reader writes it: `tweets[3].createdAt`; `(root)` for the value itself. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out === '' ? '(root)' : out;
}

/** Formats schema issues as `path: message; path: message` (the path names the field). */
export function formatIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 10)
    .map((issue) => `${formatPath(issue.path)}: ${issue.message}`)
    .join('; ');
}

/** Validates an already-decoded value: the schema's fast path when it vouches for the value, else zod. */
export function parseValue<S extends z.ZodType>(schema: S, value: unknown): ParseResult<z.infer<S>> {
  const fast = fastParserOf(schema);
  if (fast) {
    const vouched = fast(value);
    if (vouched !== NOT_VOUCHED) return { ok: true, value: vouched };
  }
  const result = schema.safeParse(value);
  if (result.success) return { ok: true, value: result.data };
  return { ok: false, reason: 'schema-violation', detail: formatIssues(result.error) };
}

/** Decodes JSON text (or a UTF-8 buffer) and validates it. */
export function parseJson<S extends z.ZodType>(schema: S, raw: string | Buffer): ParseResult<z.infer<S>> {
  let decoded: unknown;
  try {
    decoded = JSON.parse(typeof raw === 'string' ? raw : raw.toString('utf8'));
  } catch (err) {
    return { ok: false, reason: 'malformed-json', detail: (err as Error).message };
  }
  return parseValue(schema, decoded);
}
