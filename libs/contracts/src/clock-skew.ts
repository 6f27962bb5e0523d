import type { z } from 'zod';
import { fastParserOf, NOT_VOUCHED, withFastPath } from './fast-parser';

/** The largest epoch ms a JavaScript Date can hold (±8.64e15, ECMA-262 §21.4.1.1). */
export const MAX_EPOCH_MS = 8.64e15;

/** Why a timestamp is not acceptable relative to the receiving clock, or null when it is. */
export function aheadOfClock(ts: number, now: number, maxSkewMs: number): string | null {
  if (ts > MAX_EPOCH_MS) return `${ts} is beyond the dates a clock can show`;
  if (ts - now <= maxSkewMs) return null;
  return `${new Date(ts).toISOString()} is ${Math.round((ts - now) / 1000)} s ahead of the receiving clock (at most ${Math.round(maxSkewMs / 1000)} s allowed)`;
}

/**
 * A schema whose `field` (epoch ms) may not run ahead of the receiving clock by more
 * than `maxSkewMs`: a reading or tweet stamped in the future is refused at the door,
 * with the field named, before it can move any watermark.
 */
export function notAheadOfClock<S extends z.ZodType<Record<string, unknown>>>(schema: S, field: string, now: () => number, maxSkewMs: number): S {
  const refined = schema.superRefine((value, ctx) => {
    const problem = aheadOfClock(value[field] as number, now(), maxSkewMs);
    if (problem) ctx.addIssue({ code: 'custom', path: [field], message: problem });
  }) as unknown as S;
  const base = fastParserOf(schema);
  // the same rule on the fast path: the base schema's answer, then the clock
  if (base) withFastPath(refined, (v) => {
    const out = base(v);
    return out !== NOT_VOUCHED && aheadOfClock((out as Record<string, unknown>)[field] as number, now(), maxSkewMs) === null ? out : NOT_VOUCHED;
  });
  return refined;
}
