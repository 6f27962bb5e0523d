import { z } from 'zod';
import { MACHINE_ENGINE_STATES, severitySchema } from '@tsunagu/contracts';
import rawCatalogue from './machine-models.json';

/** The telemetry fields the detectors judge (numeric readings of `machineTelemetryPayloadV1Schema`). */
export const MONITORED_METRICS = [
  'coolantTempC',
  'engineOilPressureKpa',
  'hydraulicTempC',
  'hydraulicPressureBar',
  'vibrationRmsMmS',
  'loadPct',
] as const;
export type MonitoredMetric = (typeof MONITORED_METRICS)[number];

const engineStateSchema = z.enum(MACHINE_ENGINE_STATES);

const limitSpecSchema = z.object({
  /** `above`: too high is bad (temperatures); `below`: too low is bad (oil pressure) */
  direction: z.enum(['above', 'below']),
  value: z.number(),
  /** beyond this the finding is critical */
  critical: z.number().optional(),
  /** the value must come back inside by this much before the excursion ends (same unit) */
  hysteresis: z.number().nonnegative(),
  /** seconds beyond the limit before it counts (a single spike never does) */
  minDurationSec: z.number().nonnegative(),
  severity: severitySchema,
});

const metricSpecSchema = z.object({
  component: z.string().min(1),
  label: z.string().min(1),
  unit: z.string(),
  normal: z.tuple([z.number(), z.number()]),
  limit: limitSpecSchema,
  /** present: the metric gets a per-machine baseline; minScale (metric unit) floors the spread */
  anomaly: z.object({ minScale: z.number().positive() }).optional(),
  /** present: the metric is watched for trends; minRise is the least change across the window that counts */
  trend: z.object({ minRise: z.number().positive() }).optional(),
});

const modelSchema = z.object({
  id: z.string().min(1),
  type: z.string().min(1),
  name: z.string(),
  metrics: z.partialRecord(z.enum(MONITORED_METRICS), metricSpecSchema),
  serviceIntervals: z.array(z.object({ task: z.string().min(1), everyHours: z.number().positive() })),
});

const catalogueSchema = z.object({
  version: z.string(),
  notes: z.string().optional(),
  defaults: z.object({
    activeStates: z.array(engineStateSchema).min(1),
    /** seconds after an engine-state change during which baselines and trends ignore the transient */
    settleSec: z.number().nonnegative(),
    anomaly: z.object({
      /** EWMA weight per reading */
      alpha: z.number().gt(0).lt(1),
      warmupReadings: z.number().int().positive(),
      /** robust z beyond which a reading is anomalous */
      zThreshold: z.number().positive(),
      /** residuals are clipped to ±clipZ scales when they update the baseline, so outliers barely move it */
      clipZ: z.number().positive(),
      minReadings: z.number().int().positive(),
      minDurationSec: z.number().nonnegative(),
    }),
    trend: z.object({
      bucketSec: z.number().positive(),
      windowBuckets: z.number().int().min(3),
      minBuckets: z.number().int().min(3),
      minR2: z.number().min(0).max(1),
      /** only predictions that reach the limit within this many seconds are reported */
      horizonSec: z.number().positive(),
      /** a silence longer than this many buckets restarts the window */
      maxGapBuckets: z.number().int().positive(),
    }),
    utilisation: z.object({
      /** a gap between readings longer than this is not attributed to any state, seconds */
      maxGapSec: z.number().positive(),
    }),
  }),
  models: z.array(modelSchema).min(1),
});

export type LimitSpec = z.infer<typeof limitSpecSchema>;
export type MetricSpec = z.infer<typeof metricSpecSchema>;
export type MachineModel = z.infer<typeof modelSchema>;
export type MachineCatalogueData = z.infer<typeof catalogueSchema>;
export type AnomalyDefaults = MachineCatalogueData['defaults']['anomaly'];
export type TrendDefaults = MachineCatalogueData['defaults']['trend'];

export const GENERIC_MODEL_ID = 'generic';

/**
 * The model catalogue: normal ranges, limits and service intervals per model,
 * kept as data (machine-models.json) and validated once when loaded.
 */
export class MachineCatalogue {
  private readonly byId: ReadonlyMap<string, MachineModel>;
  private readonly resolved = new Map<string, MachineModel>();

  constructor(readonly data: MachineCatalogueData) {
    this.byId = new Map(data.models.map((m) => [m.id, m]));
    if (!this.byId.has(GENERIC_MODEL_ID)) throw new RangeError(`machine catalogue needs a "${GENERIC_MODEL_ID}" model`);
  }

  static parse(raw: unknown): MachineCatalogue {
    return new MachineCatalogue(catalogueSchema.parse(raw));
  }

  get version(): string {
    return this.data.version;
  }

  get models(): readonly MachineModel[] {
    return this.data.models;
  }

  /**
   * The model for a model id: an exact match, else a model of the same type
   * (`excavator-30t` → the excavator), else the generic model.
   */
  modelFor(modelId: string): MachineModel {
    let model = this.resolved.get(modelId);
    if (model) return model;
    model =
      this.byId.get(modelId) ??
      this.data.models.find((m) => m.id !== GENERIC_MODEL_ID && modelId.startsWith(`${m.type}-`)) ??
      this.byId.get(GENERIC_MODEL_ID)!;
    this.resolved.set(modelId, model);
    return model;
  }
}

let defaultCatalogue: MachineCatalogue | null = null;

/** The catalogue shipped with the library. */
export function loadMachineCatalogue(): MachineCatalogue {
  defaultCatalogue ??= MachineCatalogue.parse(rawCatalogue);
  return defaultCatalogue;
}
