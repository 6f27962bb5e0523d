import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { envTypes } from '@tsunagu/platform';
import { loadMachineCatalogue, MachineCatalogue } from '@tsunagu/operation-analysis';

const days = z.coerce.number().int().min(1).max(36_500);

/** Telemetry-history settings, from the environment (validated once, at start-up). */
export const telemetryHistoryEnv = z
  .object({
    /** days raw readings are kept; older day partitions are dropped whole, and a reading older than this on arrival is not stored */
    TELEMETRY_HISTORY_RAW_RETENTION_DAYS: days.default(31),
    /** days the per-minute roll-ups are kept (month partitions, dropped once wholly older); at least the raw retention */
    TELEMETRY_HISTORY_MINUTE_RETENTION_DAYS: days.default(120),
    /** days the per-hour roll-ups are kept (month partitions); at least the minute retention */
    TELEMETRY_HISTORY_HOUR_RETENTION_DAYS: days.default(1095),
    /** days ahead for which partitions are made before readings arrive (a reading for a day without one makes it on arrival) */
    TELEMETRY_HISTORY_PARTITIONS_AHEAD_DAYS: z.coerce.number().int().min(0).max(60).default(2),
    /** ms between two runs of the partition job (make the partitions ahead, drop the expired ones) */
    TELEMETRY_HISTORY_PARTITION_JOB_MS: envTypes.positiveInt.default(3_600_000),
    /** buckets a history request gets when it asks for none */
    TELEMETRY_HISTORY_DEFAULT_POINTS: envTypes.positiveInt.default(1000),
    /** most buckets one history request may ask for (a wider chart is rarely wider than this in pixels); more is a 400 naming `points` */
    TELEMETRY_HISTORY_MAX_POINTS: envTypes.positiveInt.default(5000),
    /** raw readings per export page when the request gives no limit */
    TELEMETRY_HISTORY_EXPORT_PAGE_ROWS: envTypes.positiveInt.default(10_000),
    /** most raw readings one export page may ask for (the next page follows its Link header) */
    TELEMETRY_HISTORY_EXPORT_MAX_ROWS: envTypes.positiveInt.default(100_000),
    /** most points a simplified vehicle track may have (the tolerance is raised until it fits) */
    TELEMETRY_HISTORY_TRACK_MAX_POINTS: envTypes.positiveInt.default(2000),
    /** most raw positions a track reads before simplifying; a longer range is thinned evenly in time first */
    TELEMETRY_HISTORY_TRACK_MAX_RAW: envTypes.positiveInt.default(200_000),
    /**
     * map tiles for the dashboard's fleet map, a URL template with {z}, {x} and {y}
     * on the dashboard's own origin (e.g. `/tiles/{z}/{x}/{y}.png` behind the same
     * reverse proxy: the page's CSP loads images from its origin only); unset: the
     * map draws the outline of the Tokyo area shipped with the dashboard
     */
    TELEMETRY_HISTORY_MAP_TILE_URL: z
      .string()
      .regex(/^\/[^\s]*\{z\}[^\s]*$/, 'a path on the dashboard’s origin, starting with / and holding {z}, {x} and {y}')
      .refine((s) => s.includes('{x}') && s.includes('{y}'), 'must hold {z}, {x} and {y}')
      .optional(),
    /** attribution shown under the map for the configured tiles (their licence usually asks for one) */
    TELEMETRY_HISTORY_MAP_TILE_ATTRIBUTION: z.string().max(300).optional(),
    /** a machine catalogue JSON file replacing the built-in one (the limit lines of the charts); unset: built-in (the same variable operation analysis reads) */
    MACHINE_CATALOGUE_FILE: z.string().min(1).optional(),
  })
  .refine((e) => e.TELEMETRY_HISTORY_MINUTE_RETENTION_DAYS >= e.TELEMETRY_HISTORY_RAW_RETENTION_DAYS, {
    path: ['TELEMETRY_HISTORY_MINUTE_RETENTION_DAYS'],
    message: 'must be at least TELEMETRY_HISTORY_RAW_RETENTION_DAYS',
  })
  .refine((e) => e.TELEMETRY_HISTORY_HOUR_RETENTION_DAYS >= e.TELEMETRY_HISTORY_MINUTE_RETENTION_DAYS, {
    path: ['TELEMETRY_HISTORY_HOUR_RETENTION_DAYS'],
    message: 'must be at least TELEMETRY_HISTORY_MINUTE_RETENTION_DAYS',
  })
  .refine((e) => e.TELEMETRY_HISTORY_DEFAULT_POINTS <= e.TELEMETRY_HISTORY_MAX_POINTS, {
    path: ['TELEMETRY_HISTORY_DEFAULT_POINTS'],
    message: 'must not exceed TELEMETRY_HISTORY_MAX_POINTS',
  });

export interface RetentionDays {
  readonly raw: number;
  readonly minute: number;
  readonly hour: number;
}

export interface TelemetryHistoryOptions {
  readonly retentionDays: RetentionDays;
  readonly partitionsAheadDays: number;
  readonly partitionJobMs: number;
  readonly defaultPoints: number;
  readonly maxPoints: number;
  readonly exportPageRows: number;
  readonly exportMaxRows: number;
  readonly trackMaxPoints: number;
  readonly trackMaxRaw: number;
  readonly mapTileUrl: string | null;
  readonly mapTileAttribution: string | null;
  readonly catalogue: MachineCatalogue;
}

export function telemetryHistoryOptionsFromEnv(e: z.infer<typeof telemetryHistoryEnv>): TelemetryHistoryOptions {
  return {
    retentionDays: { raw: e.TELEMETRY_HISTORY_RAW_RETENTION_DAYS, minute: e.TELEMETRY_HISTORY_MINUTE_RETENTION_DAYS, hour: e.TELEMETRY_HISTORY_HOUR_RETENTION_DAYS },
    partitionsAheadDays: e.TELEMETRY_HISTORY_PARTITIONS_AHEAD_DAYS,
    partitionJobMs: e.TELEMETRY_HISTORY_PARTITION_JOB_MS,
    defaultPoints: e.TELEMETRY_HISTORY_DEFAULT_POINTS,
    maxPoints: e.TELEMETRY_HISTORY_MAX_POINTS,
    exportPageRows: e.TELEMETRY_HISTORY_EXPORT_PAGE_ROWS,
    exportMaxRows: e.TELEMETRY_HISTORY_EXPORT_MAX_ROWS,
    trackMaxPoints: e.TELEMETRY_HISTORY_TRACK_MAX_POINTS,
    trackMaxRaw: e.TELEMETRY_HISTORY_TRACK_MAX_RAW,
    mapTileUrl: e.TELEMETRY_HISTORY_MAP_TILE_URL ?? null,
    mapTileAttribution: e.TELEMETRY_HISTORY_MAP_TILE_ATTRIBUTION ?? null,
    catalogue: e.MACHINE_CATALOGUE_FILE ? MachineCatalogue.parse(JSON.parse(readFileSync(e.MACHINE_CATALOGUE_FILE, 'utf8'))) : loadMachineCatalogue(),
  };
}
