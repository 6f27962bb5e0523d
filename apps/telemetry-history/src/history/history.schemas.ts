import { z } from 'zod';
import { AGGREGATIONS, DEVICE_KINDS, EXPORT_FORMATS, decodeCursor } from '@tsunagu/telemetry-history';

/** A time in a query: ISO 8601 with an offset (`2026-11-29T09:00:00+09:00`) or epoch ms. */
const instant = z
  .string()
  .trim()
  .refine((s) => /^\d{1,16}$/.test(s) || (z.iso.datetime({ offset: true }).safeParse(s).success && !Number.isNaN(Date.parse(s))), 'an ISO 8601 time with an offset, or epoch ms')
  .transform((s) => (/^\d+$/.test(s) ? Number(s) : Date.parse(s)));

const range = { from: instant, to: instant };
const ordered = <T extends { from: number; to: number }>(q: T): boolean => q.to > q.from;
const afterFrom = { path: ['to'], message: 'must be after from' };

const idList = z
  .string()
  .transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean))
  .pipe(z.array(z.string().min(1).max(100)).min(1).max(500));

export const latestQuerySchema = z
  .object({
    kind: z.enum(DEVICE_KINDS).optional(),
    /** comma-separated device ids */
    deviceId: idList.optional(),
    limit: z.coerce.number().int().min(1).max(5000).default(1000),
  })
  .strict();
export type LatestQuery = z.infer<typeof latestQuerySchema>;

export function historyQuerySchema(defaultPoints: number, maxPoints: number) {
  return z
    .object({
      metric: z.string().min(1).max(64),
      ...range,
      /** at most this many buckets come back (the width adapts to the range) */
      points: z.coerce.number().int().min(1).max(maxPoints).default(defaultPoints),
      agg: z.enum(AGGREGATIONS).default('avg'),
    })
    .strict()
    .refine(ordered, afterFrom);
}
export type HistoryQuery = z.infer<ReturnType<typeof historyQuerySchema>>;

export function exportQuerySchema(defaultRows: number, maxRows: number) {
  return z
    .object({
      ...range,
      format: z.enum(EXPORT_FORMATS).default('csv'),
      limit: z.coerce.number().int().min(1).max(maxRows).default(defaultRows),
      /** the cursor of the previous page's Link header */
      after: z
        .string()
        .max(64)
        .transform((s, ctx) => {
          const c = decodeCursor(s);
          if (!c) ctx.addIssue({ code: 'custom', message: 'not a cursor this API issued' });
          return c ?? { ts: 0, seq: 0 };
        })
        .optional(),
    })
    .strict()
    .refine(ordered, afterFrom);
}
export type ExportQuery = z.infer<ReturnType<typeof exportQuerySchema>>;

export function trackQuerySchema(maxPoints: number) {
  return z
    .object({
      ...range,
      /** metres a simplified track may stray from the raw one */
      toleranceM: z.coerce.number().min(0).max(10_000).default(5),
      maxPoints: z.coerce.number().int().min(2).max(maxPoints).default(maxPoints),
    })
    .strict()
    .refine(ordered, afterFrom);
}
export type TrackQuery = z.infer<ReturnType<typeof trackQuerySchema>>;

export const limitsQuerySchema = z.object({ kind: z.enum(DEVICE_KINDS).default('machine') }).strict();
export type LimitsQuery = z.infer<typeof limitsQuerySchema>;

export const deviceIdSchema = z.string().min(1).max(100);
