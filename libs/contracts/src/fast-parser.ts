import type { z } from 'zod';

/** What a fast parser answers for a value it cannot vouch for: zod decides then. */
export const NOT_VOUCHED: unique symbol = Symbol('not vouched');

/** Answers the value zod would return, or NOT_VOUCHED (invalid, or a case the fast path leaves to zod). */
export type FastParser<T> = (value: unknown) => T | typeof NOT_VOUCHED;

type Step = (value: unknown) => unknown;

interface CheckDef {
  readonly check: string;
  readonly value?: number;
  readonly inclusive?: boolean;
  readonly format?: string;
  readonly pattern?: RegExp;
  readonly minimum?: number;
  readonly maximum?: number;
}

interface Def {
  readonly type: string;
  readonly checks?: ReadonlyArray<{ readonly _zod: { readonly def: CheckDef } }>;
  readonly shape?: Record<string, { readonly _zod: { readonly def: Def } }>;
  readonly catchall?: { readonly _zod: { readonly def: Def } };
  readonly entries?: Record<string, string | number>;
  readonly innerType?: { readonly _zod: { readonly def: Def } };
  readonly element?: { readonly _zod: { readonly def: Def } };
  readonly defaultValue?: unknown;
}

/** A bound on a number: min/max, inclusive or not. */
function numberBound(c: CheckDef): ((n: number) => boolean) | null {
  const v = c.value!;
  if (c.check === 'greater_than') return c.inclusive ? (n) => n >= v : (n) => n > v;
  if (c.check === 'less_than') return c.inclusive ? (n) => n <= v : (n) => n < v;
  if (c.check === 'number_format' && c.format === 'safeint') return (n) => Number.isSafeInteger(n);
  return null;
}

function stringBound(c: CheckDef): ((s: string) => boolean) | null {
  if (c.check === 'min_length') return (s) => s.length >= c.minimum!;
  if (c.check === 'max_length') return (s) => s.length <= c.maximum!;
  const pattern = c.pattern;
  if (c.check === 'string_format' && c.format === 'regex' && pattern && !pattern.global && !pattern.sticky) return (s) => pattern.test(s);
  return null;
}

function lengthBound(c: CheckDef): ((a: readonly unknown[]) => boolean) | null {
  if (c.check === 'min_length') return (a) => a.length >= c.minimum!;
  if (c.check === 'max_length') return (a) => a.length <= c.maximum!;
  return null;
}

function all<T>(tests: ReadonlyArray<(v: T) => boolean>): (v: T) => boolean {
  return (v) => {
    for (const test of tests) if (!test(v)) return false;
    return true;
  };
}

/** The checks of a def, each understood, or null when one is not. */
function checksOf<T>(def: Def, bound: (c: CheckDef) => ((v: T) => boolean) | null): ((v: T) => boolean) | null {
  const tests = (def.checks ?? []).map((c) => bound(c._zod.def));
  return tests.every((t) => t !== null) ? all(tests as Array<(v: T) => boolean>) : null;
}

function stepOf(def: Def): Step | null {
  switch (def.type) {
    case 'number': {
      const ok = checksOf(def, numberBound);
      // zod 4 numbers are finite (no NaN, no ±Infinity)
      return ok && ((v) => (typeof v === 'number' && Number.isFinite(v) && ok(v) ? v : NOT_VOUCHED));
    }
    case 'string': {
      const ok = checksOf(def, stringBound);
      return ok && ((v) => (typeof v === 'string' && ok(v) ? v : NOT_VOUCHED));
    }
    case 'boolean':
      return (def.checks ?? []).length === 0 ? (v) => (typeof v === 'boolean' ? v : NOT_VOUCHED) : null;
    case 'enum': {
      const values = new Set(Object.values(def.entries ?? {}));
      return (def.checks ?? []).length === 0 ? (v) => (values.has(v as string) ? v : NOT_VOUCHED) : null;
    }
    case 'object':
      return objectStep(def);
    case 'array': {
      const ok = checksOf(def, lengthBound);
      const element = def.element ? stepOf(def.element._zod.def) : null;
      if (!ok || !element) return null;
      return (v) => {
        if (!Array.isArray(v) || !ok(v)) return NOT_VOUCHED;
        const out = new Array<unknown>(v.length);
        for (let i = 0; i < v.length; i++) if ((out[i] = element(v[i])) === NOT_VOUCHED) return NOT_VOUCHED;
        return out;
      };
    }
    case 'optional': {
      // undefined passes; the object leaves out a key the input did not have, as zod does
      const inner = def.innerType ? stepOf(def.innerType._zod.def) : null;
      return inner && ((v) => (v === undefined ? undefined : inner(v)));
    }
    case 'default': {
      // zod's getter gives a fresh default each time
      const inner = def.innerType ? stepOf(def.innerType._zod.def) : null;
      return inner && ((v) => (v === undefined ? def.defaultValue : inner(v)));
    }
    default:
      // unions, transforms, refinements…: zod's own
      return null;
  }
}

/** A plain object (unknown keys stripped, as zod's default does); other modes and checks are left to zod. */
function objectStep(def: Def): Step | null {
  if (def.catchall || (def.checks ?? []).length > 0) return null;
  const fields: Array<[string, Step]> = [];
  for (const [key, field] of Object.entries(def.shape ?? {})) {
    const step = stepOf(field._zod.def);
    if (!step) return null;
    fields.push([key, step]);
  }
  return (v) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return NOT_VOUCHED;
    const out: Record<string, unknown> = {};
    for (const [key, step] of fields) {
      const parsed = step((v as Record<string, unknown>)[key]);
      if (parsed === NOT_VOUCHED) return NOT_VOUCHED;
      if (parsed !== undefined || key in v) out[key] = parsed;
    }
    return out;
  };
}

/**
 * A fast path for a hot schema, built from the zod schema itself (zod stays the
 * contract's one definition): plain objects of numbers with bounds, strings with
 * lengths or a pattern, booleans, enums, arrays, optional and defaulted fields,
 * and nested such objects. It answers what zod would
 * return for a valid value and NOT_VOUCHED for anything else; the caller then asks
 * zod, which refuses with its own message (or accepts what the fast path did not
 * cover). A schema with anything else in it (refinements, transforms, unions)
 * gets no fast path: null.
 */
export function fastParserOf<S extends z.ZodType>(schema: S): FastParser<z.infer<S>> | null {
  if (!compiled.has(schema)) compiled.set(schema, stepOf((schema as unknown as { _zod: { def: Def } })._zod.def));
  return compiled.get(schema) as FastParser<z.infer<S>> | null;
}

/** Each schema's fast path, built once (null: none). */
const compiled = new WeakMap<z.ZodType, Step | null>();

/**
 * Gives a schema the compiler cannot read (a refinement) its fast path, written
 * beside the refinement: it must vouch only for values the schema accepts.
 */
export function withFastPath<S extends z.ZodType>(schema: S, parser: FastParser<z.infer<S>>): S {
  compiled.set(schema, parser);
  return schema;
}
