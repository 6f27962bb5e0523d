import { z } from 'zod';

/** WGS84 position in decimal degrees. */
export const positionSchema = z.object({
  lat: z.number().min(-90).max(90),
  lon: z.number().min(-180).max(180),
});
export type Position = z.infer<typeof positionSchema>;

/** Unix epoch milliseconds. */
export const epochMsSchema = z.number().int().nonnegative();

export const isoDateTimeSchema = z.iso.datetime({ offset: true });

/** Where a finding came from: the topic, partition and offset range it was derived from. */
export const originSchema = z.object({
  topic: z.string().min(1),
  partition: z.number().int().nonnegative(),
  fromOffset: z.string().regex(/^\d+$/),
  toOffset: z.string().regex(/^\d+$/),
});
export type Origin = z.infer<typeof originSchema>;

export const SEVERITIES = ['info', 'low', 'medium', 'high', 'critical'] as const;
export const severitySchema = z.enum(SEVERITIES);
export type Severity = z.infer<typeof severitySchema>;

/** Rank of a severity, for "worst severity" comparisons. */
export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

/** Evidence every finding carries: the detector, its version, and the data that led to it. */
export const evidenceSchema = z.object({
  detector: z.string().min(1),
  detectorVersion: z.string().min(1),
  readings: z
    .array(z.object({ ts: epochMsSchema, metric: z.string(), value: z.number() }))
    .max(500),
  thresholds: z.record(z.string(), z.number()).optional(),
  notes: z.string().max(2000).optional(),
  /** the version of the rules that judged it: the catalogue's and any operator override's (`catalogue@2026.11.1+model:excavator-20t@v3`) */
  ruleVersion: z.string().max(300).optional(),
});
export type Evidence = z.infer<typeof evidenceSchema>;
