import type { MachineCatalogue } from '@tsunagu/operation-analysis';
import { DEFAULT_VEHICLE_ANALYSIS_CONFIG as V } from '@tsunagu/vehicle-monitoring';
import type { DeviceKind } from '@tsunagu/telemetry-history';

/** A limit line of a chart: the value beyond which a metric is out of bounds, and the critical one. */
export interface MetricLimit {
  readonly metric: string;
  readonly label: string;
  readonly unit: string;
  /** `above`: too high is bad; `below`: too low is bad */
  readonly direction: 'above' | 'below';
  readonly value: number;
  readonly critical: number | null;
  /** the normal operating band, when the catalogue gives one */
  readonly normal: readonly [number, number] | null;
}

export interface ModelLimits {
  readonly model: string;
  readonly kind: DeviceKind;
  /** the catalogue entry that answered (an unknown model falls back to its type's, then the generic one) */
  readonly resolvedModel: string;
  readonly source: string;
  readonly limits: readonly MetricLimit[];
}

/**
 * The limits the analysis judges a model by, for the charts' limit lines:
 * machines from the model catalogue (the same file operation analysis reads);
 * vehicles from the vehicle monitor's default thresholds.
 */
export function modelLimits(catalogue: MachineCatalogue, model: string, kind: DeviceKind): ModelLimits {
  if (kind === 'vehicle') {
    return {
      model,
      kind,
      resolvedModel: model,
      source: 'vehicle-monitoring default thresholds',
      limits: [
        { metric: 'coolantTempC', label: 'Coolant temperature', unit: '°C', direction: 'above', value: V.overheatOnC, critical: V.overheatCriticalC, normal: null },
        { metric: 'speedKmh', label: 'Speed', unit: 'km/h', direction: 'above', value: V.speedLimitKmh, critical: null, normal: null },
        { metric: 'batteryV', label: 'Battery voltage (engine running)', unit: 'V', direction: 'below', value: V.chargingLowV, critical: null, normal: null },
      ],
    };
  }
  const m = catalogue.modelFor(model);
  return {
    model,
    kind,
    resolvedModel: m.id,
    source: `machine catalogue ${catalogue.version}`,
    limits: Object.entries(m.metrics).map(([metric, spec]) => ({
      metric,
      label: spec!.label,
      unit: spec!.unit,
      direction: spec!.limit.direction,
      value: spec!.limit.value,
      critical: spec!.limit.critical ?? null,
      normal: spec!.normal,
    })),
  };
}
