/* eslint-disable max-lines -- the machine analyser runs every detector of a reading in one pass and decides, in one place, which findings open, escalate or close; the detectors themselves live in ./detectors. */
import {
  SEVERITIES,
  type MachineTelemetryV1,
  type MaintenanceFindingV1,
  type Severity,
  type WorkOrderClosedV1,
} from '@tsunagu/contracts';
import { loadMachineCatalogue, MONITORED_METRICS, type MachineCatalogue, type MachineModel, type MetricSpec, type MonitoredMetric } from './catalogue/machine-catalogue';
import { ANOMALY_DETECTOR, createBaseline, stepAnomaly, type AnomalyConfig } from './detectors/anomaly.detector';
import { createLimitState, LIMIT_DETECTOR, rearmLimit, stepLimit } from './detectors/limit.detector';
import { closeService, createServiceState, nextMultiple, SERVICE_DUE_DETECTOR, stepServiceDue } from './detectors/service-due.detector';
import { createTrendState, stepTrend, TREND_DETECTOR, type TrendConfig } from './detectors/trend.detector';
import { stepUtilisation, toUtilisationDay, type MachineEngineState, type UtilisationDay } from './detectors/utilisation';
import { AlarmRules, type AlarmRule } from './rules/alarm-rules';
import { createMachineState, type EvidenceReading, type MachineState, type ReadingOrigin } from './machine-state';

export interface ReadingAnalysis {
  readonly state: MachineState;
  readonly findings: MaintenanceFindingV1[];
  /** a day that the reading closed (the previous UTC day's final tally) */
  readonly completedDay: UtilisationDay | null;
  /** the reading was already analysed (at-least-once redelivery): nothing changed */
  readonly duplicate: boolean;
}

/** dedupKey of a component problem: one work order per machine component at a time. */
export function componentDedupKey(machineId: string, component: string): string {
  return `${machineId}:${component}`;
}

/** dedupKey of a service task. */
export function serviceDedupKey(machineId: string, task: string): string {
  return `${machineId}:service:${task}`;
}

function fmt(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toFixed(1);
}

interface PreparedMetric {
  readonly metric: MonitoredMetric;
  readonly spec: MetricSpec;
  readonly anomaly: AnomalyConfig | null;
  readonly trend: TrendConfig | null;
}

/**
 * Runs every detector over one machine's readings, in order, with the reading's
 * own `ts` as the clock (so recorded telemetry replays identically). The state is
 * plain JSON and is mutated in place; finding ids derive from the machine, metric,
 * detector and the reading times that caused them, so a replay after a crash
 * re-emits the same ids.
 */
export class MachineAnalyser {
  private readonly prepared = new Map<string, readonly PreparedMetric[]>();
  private readonly active: ReadonlySet<MachineEngineState>;
  private current: AlarmRules;

  constructor(readonly catalogue: MachineCatalogue = loadMachineCatalogue()) {
    this.active = new Set(catalogue.data.defaults.activeStates);
    this.current = new AlarmRules(catalogue);
  }

  /** The rules readings are judged by now. */
  get rules(): AlarmRules {
    return this.current;
  }

  /**
   * Swaps in operators' overrides (between batches, without a restart). Detector
   * state carries over: an excursion under way is judged by the new limit from the
   * next reading on.
   */
  useRules(rules: readonly AlarmRule[]): void {
    this.current = new AlarmRules(this.catalogue, rules);
    this.prepared.clear();
  }

  private metricsOf(model: MachineModel): readonly PreparedMetric[] {
    let prepared = this.prepared.get(model.id);
    if (prepared) return prepared;
    const d = this.catalogue.data.defaults;
    prepared = MONITORED_METRICS.flatMap((metric) => {
      const spec = model.metrics[metric];
      if (!spec) return [];
      return [
        {
          metric,
          spec,
          anomaly: spec.anomaly ? { ...d.anomaly, minScale: spec.anomaly.minScale } : null,
          trend: spec.trend ? { ...d.trend, minRise: spec.trend.minRise } : null,
        },
      ];
    });
    this.prepared.set(model.id, prepared);
    return prepared;
  }

  analyse(existing: MachineState | undefined, reading: MachineTelemetryV1, origin: ReadingOrigin): ReadingAnalysis {
    const state = existing ?? createMachineState(reading.deviceId, reading.model);
    const findings: MaintenanceFindingV1[] = [];
    if (reading.ts < state.lastTs || (reading.ts === state.lastTs && reading.seq <= state.lastSeq)) {
      return { state, findings, completedDay: null, duplicate: true };
    }
    state.model = reading.model;
    const { effective: model, version: ruleVersion } = this.current.resolve(state.machineId, reading.model);
    const d = this.catalogue.data.defaults;

    const util = stepUtilisation({
      machineId: state.machineId,
      model: state.model,
      util: state.util,
      prevTs: state.lastTs,
      prevState: state.engineState,
      ts: reading.ts,
      maxGapSec: d.utilisation.maxGapSec,
    });
    state.util = util.util;

    if (reading.engineState !== state.engineState || state.stateSince < 0) state.stateSince = reading.ts;
    const settled = reading.ts - state.stateSince >= d.settleSec * 1000;
    const engineState = reading.engineState;

    if (this.active.has(engineState)) {
      for (const p of this.metricsOf(model)) {
        const value = reading[p.metric];
        const ev: EvidenceReading = { ts: reading.ts, metric: p.metric, value };
        const limitState = (state.limits[p.metric] ??= createLimitState());
        const limitEvent = stepLimit(limitState, p.spec.limit, ev, origin.offset);
        if (limitEvent) {
          const l = p.spec.limit;
          findings.push(
            this.finding(state, reading, origin, {
              findingId: `${state.machineId}:${p.metric}:limit:${limitEvent.since}:${limitEvent.severity}`,
              component: p.spec.component,
              kind: 'limit-crossed',
              severity: limitEvent.severity,
              dedupKey: componentDedupKey(state.machineId, p.spec.component),
              summary: `${p.spec.label} ${l.direction} the ${fmt(l.value)} ${p.spec.unit} limit for ${fmt(limitEvent.durationSec)} s (worst ${fmt(limitEvent.peak)} ${p.spec.unit})`,
              evidence: {
                ruleVersion,
                detector: LIMIT_DETECTOR.name,
                detectorVersion: LIMIT_DETECTOR.version,
                readings: [...limitEvent.evidence],
                thresholds: {
                  limit: l.value,
                  hysteresis: l.hysteresis,
                  minDurationSec: l.minDurationSec,
                  ...(l.critical !== undefined ? { critical: l.critical } : {}),
                  peak: limitEvent.peak,
                  durationSec: limitEvent.durationSec,
                },
              },
              fromOffset: limitEvent.sinceOffset,
            }),
          );
        }
        if (!settled) continue;
        const key = `${p.metric}|${engineState}`;
        if (p.anomaly) {
          const baseline = (state.baselines[key] ??= createBaseline());
          const { run, event } = stepAnomaly(baseline, state.anomalies[p.metric] ?? null, p.anomaly, ev, origin.offset);
          if (run) state.anomalies[p.metric] = run;
          else delete state.anomalies[p.metric];
          const dedupKey = componentDedupKey(state.machineId, p.spec.component);
          if (event && this.escalates(state, dedupKey, 'anomaly', event.severity)) {
            const direction = event.worstZ > 0 ? 'above' : 'below';
            findings.push(
              this.finding(state, reading, origin, {
                findingId: `${state.machineId}:${p.metric}:anomaly:${event.since}:${event.severity}`,
                component: p.spec.component,
                kind: 'anomaly',
                severity: event.severity,
                dedupKey,
                summary: `${p.spec.label} ${direction} this machine's own ${engineState} normal of ${fmt(event.centre)} ${p.spec.unit} (robust z ${event.worstZ.toFixed(1)} over ${event.count} readings)`,
                evidence: {
                  ruleVersion,
                  detector: ANOMALY_DETECTOR.name,
                  detectorVersion: ANOMALY_DETECTOR.version,
                  readings: [...event.evidence],
                  thresholds: {
                    baseline: round3(event.centre),
                    scale: round3(event.scale),
                    zThreshold: p.anomaly.zThreshold,
                    worstZ: round3(event.worstZ),
                  },
                  notes: `operating state ${engineState}`,
                },
                fromOffset: event.sinceOffset,
              }),
            );
          }
        }
        if (p.trend) {
          const trend = (state.trends[key] ??= createTrendState());
          const event = stepTrend(trend, p.trend, p.spec.limit, p.metric, ev, origin.offset);
          const dedupKey = componentDedupKey(state.machineId, p.spec.component);
          if (event && this.escalates(state, dedupKey, 'trend', event.severity)) {
            const l = p.spec.limit;
            findings.push(
              this.finding(state, reading, origin, {
                findingId: `${state.machineId}:${p.metric}:trend:${event.bucketStart}:${event.severity}`,
                component: p.spec.component,
                kind: 'trend',
                severity: event.severity,
                dedupKey,
                summary: `${p.spec.label} ${event.slopePerMin > 0 ? 'rising' : 'falling'} ${fmt(Math.abs(event.slopePerMin))} ${p.spec.unit}/min toward the ${fmt(l.value)} ${p.spec.unit} limit: about ${Math.round(event.timeToLimitSec / 60)} min left`,
                evidence: {
                  ruleVersion,
                  detector: TREND_DETECTOR.name,
                  detectorVersion: TREND_DETECTOR.version,
                  readings: [...event.points],
                  thresholds: {
                    limit: l.value,
                    slopePerMin: round3(event.slopePerMin),
                    r2: round3(event.r2),
                    fitted: round3(event.fitted),
                    minRise: p.trend.minRise,
                  },
                  notes: `bucket means of ${p.trend.bucketSec} s in operating state ${engineState}`,
                },
                fromOffset: event.fromOffset,
                predictedTimeToLimitSec: event.timeToLimitSec,
              }),
            );
          }
        }
      }
    }

    for (const interval of model.serviceIntervals) {
      const service = (state.service[interval.task] ??= createServiceState(reading.engineHours, interval.everyHours));
      const event = stepServiceDue(service, interval.everyHours, reading.engineHours);
      if (!event) continue;
      findings.push(
        this.finding(state, reading, origin, {
          findingId: `${state.machineId}:service:${interval.task}:${event.dueAtHours}:${event.severity}`,
          component: interval.task,
          kind: 'service-due',
          severity: event.severity,
          dedupKey: serviceDedupKey(state.machineId, interval.task),
          summary: `${interval.task} due at ${fmt(event.dueAtHours)} engine hours (every ${fmt(interval.everyHours)} h); now at ${fmt(event.engineHours)} h`,
          evidence: {
            ruleVersion,
            detector: SERVICE_DUE_DETECTOR.name,
            detectorVersion: SERVICE_DUE_DETECTOR.version,
            readings: [{ ts: reading.ts, metric: 'engineHours', value: reading.engineHours }],
            thresholds: { dueAtHours: event.dueAtHours, everyHours: interval.everyHours },
          },
          fromOffset: origin.offset,
        }),
      );
    }

    state.lastSeq = reading.seq;
    state.lastTs = reading.ts;
    state.engineHours = reading.engineHours;
    state.engineState = engineState;
    return { state, findings, completedDay: util.completed, duplicate: false };
  }

  /** The machine's tally for its current day, for the utilisation report. */
  utilisationOf(state: MachineState): UtilisationDay | null {
    return state.util ? toUtilisationDay(state.machineId, state.model, state.util) : null;
  }

  /**
   * A work order closed (mutates `state`). A problem handled this way is judged
   * afresh: what was reported under the dedup key is forgotten, so a recurrence
   * opens a new work order; a repaired ('done') or dismissed ('cancelled')
   * component relearns its baseline and restarts its trend series. A service task
   * done is due again one interval later.
   */
  applyClosure(state: MachineState, closure: WorkOrderClosedV1): void {
    const prefix = `${state.machineId}:`;
    if (!closure.dedupKey.startsWith(prefix)) return;
    for (const key of Object.keys(state.reported)) {
      if (key.startsWith(`${closure.dedupKey}|`)) delete state.reported[key];
    }
    const rest = closure.dedupKey.slice(prefix.length);
    const { effective: model } = this.current.resolve(state.machineId, state.model);
    if (rest.startsWith('service:')) {
      const task = rest.slice('service:'.length);
      const interval = model.serviceIntervals.find((s) => s.task === task);
      const service = state.service[task];
      if (interval && service) closeService(service, interval.everyHours, state.engineHours, closure.status);
      else if (interval) state.service[task] = { nextDueHours: nextMultiple(state.engineHours, interval.everyHours), reportedRank: -1 };
      return;
    }
    for (const p of this.metricsOf(model)) {
      if (p.spec.component !== rest) continue;
      const limit = state.limits[p.metric];
      if (limit) rearmLimit(limit);
      delete state.anomalies[p.metric];
      for (const key of Object.keys(state.baselines)) if (key.startsWith(`${p.metric}|`)) delete state.baselines[key];
      for (const key of Object.keys(state.trends)) if (key.startsWith(`${p.metric}|`)) delete state.trends[key];
    }
  }

  /** Anomalies and trends are reported once per dedup key and kind, and again only when they worsen. */
  private escalates(state: MachineState, dedupKey: string, kind: string, severity: Severity): boolean {
    const key = `${dedupKey}|${kind}`;
    const rank = SEVERITIES.indexOf(severity);
    if (rank <= (state.reported[key] ?? -1)) return false;
    state.reported[key] = rank;
    return true;
  }

  private finding(
    state: MachineState,
    reading: MachineTelemetryV1,
    origin: ReadingOrigin,
    f: Pick<MaintenanceFindingV1, 'findingId' | 'component' | 'kind' | 'severity' | 'dedupKey' | 'summary' | 'evidence' | 'predictedTimeToLimitSec'> & {
      fromOffset: string;
    },
  ): MaintenanceFindingV1 {
    const { fromOffset, ...rest } = f;
    return {
      ...rest,
      subjectId: state.machineId,
      detectedAt: reading.ts,
      origin: { topic: origin.topic, partition: origin.partition, fromOffset, toOffset: origin.offset },
      model: reading.model,
      engineHours: reading.engineHours,
      ...(f.predictedTimeToLimitSec === undefined ? {} : { predictedTimeToLimitSec: f.predictedTimeToLimitSec }),
    };
  }
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
