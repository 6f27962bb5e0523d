import type { MachineTelemetryV1 } from '@tsunagu/contracts';
import { loadMachineCatalogue, MONITORED_METRICS } from './catalogue/machine-catalogue';

type Numeric = 'coolantTempC' | 'engineOilPressureKpa' | 'hydraulicPressureBar' | 'hydraulicTempC' | 'vibrationRmsMmS' | 'fuelRateLph' | 'fuelLevelPct' | 'loadPct';

/** A small deterministic PRNG (mulberry32), so synthetic series are reproducible. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const NORMAL_WORKING_READING: Readonly<Record<Numeric, number>> = {
  coolantTempC: 88,
  engineOilPressureKpa: 380,
  hydraulicPressureBar: 240,
  hydraulicTempC: 62,
  vibrationRmsMmS: 4,
  fuelRateLph: 18,
  fuelLevelPct: 70,
  loadPct: 60,
};

export interface SyntheticSeriesOptions {
  readonly deviceId: string;
  readonly model: string;
  readonly startTs: number;
  readonly count: number;
  /** seconds between readings */
  readonly intervalSec?: number;
  readonly startSeq?: number;
  readonly startEngineHours?: number;
  readonly engineState?: MachineTelemetryV1['engineState'] | ((i: number) => MachineTelemetryV1['engineState']);
  /** noise amplitude per metric (uniform ±amplitude) */
  readonly noise?: Partial<Record<Numeric, number>>;
  readonly seed?: number;
  /** the value of metrics at reading i (overrides the model's normal reading, see normalReadingOf) */
  readonly values?: (i: number) => Partial<Record<Numeric, number>>;
}

/** Where a healthy machine of a model runs: 60 % into each normal range of the catalogue. */
export function normalReadingOf(modelId: string): Record<Numeric, number> {
  const model = loadMachineCatalogue().modelFor(modelId);
  const values: Record<Numeric, number> = { ...NORMAL_WORKING_READING };
  for (const metric of MONITORED_METRICS) {
    const spec = model.metrics[metric];
    if (spec) values[metric] = Math.round((spec.normal[0] + 0.6 * (spec.normal[1] - spec.normal[0])) * 10) / 10;
  }
  return values;
}

/**
 * Synthetic machine telemetry with synthetic timestamps: the analysis clock is the
 * reading's `ts`, so an hour of telemetry replays in milliseconds.
 */
export function syntheticSeries(opts: SyntheticSeriesOptions): MachineTelemetryV1[] {
  const interval = (opts.intervalSec ?? 5) * 1000;
  const rand = seededRandom(opts.seed ?? 1);
  const normal = normalReadingOf(opts.model);
  const out: MachineTelemetryV1[] = [];
  for (let i = 0; i < opts.count; i++) {
    const ts = opts.startTs + i * interval;
    const values: Record<Numeric, number> = { ...normal, ...(opts.values?.(i) ?? {}) };
    for (const [metric, amplitude] of Object.entries(opts.noise ?? {}) as Array<[Numeric, number]>) {
      values[metric] += (rand() * 2 - 1) * amplitude;
    }
    const engineState = typeof opts.engineState === 'function' ? opts.engineState(i) : (opts.engineState ?? 'working');
    out.push({
      deviceId: opts.deviceId,
      model: opts.model,
      receivedAt: ts + 50,
      seq: (opts.startSeq ?? 0) + i,
      ts,
      engineHours: Math.round(((opts.startEngineHours ?? 1000) + (i * interval) / 3_600_000) * 1000) / 1000,
      engineState,
      coolantTempC: round2(values.coolantTempC),
      engineOilPressureKpa: round2(Math.max(0, values.engineOilPressureKpa)),
      hydraulicPressureBar: round2(Math.max(0, values.hydraulicPressureBar)),
      hydraulicTempC: round2(values.hydraulicTempC),
      vibrationRmsMmS: round2(Math.max(0, values.vibrationRmsMmS)),
      fuelRateLph: round2(Math.max(0, values.fuelRateLph)),
      fuelLevelPct: round2(Math.min(100, Math.max(0, values.fuelLevelPct))),
      loadPct: round2(Math.min(150, Math.max(0, values.loadPct))),
      position: { lat: 35.6581, lon: 139.7017 },
    });
  }
  return out;
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
