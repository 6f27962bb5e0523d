import { Inject, Injectable } from '@nestjs/common';
import { TOPICS, type MachineTelemetryV1, type MaintenanceFindingV1 } from '@tsunagu/contracts';
import { MachineAnalyser, type MachineState, type UtilisationDay } from '@tsunagu/operation-analysis';
import { AlarmRulesService, createLogger, PLATFORM_TOKENS, StateCache, type Cause, type Delivery, type Metrics, type Tx } from '@tsunagu/platform';
import type { Counter } from 'prom-client';
import { OPERATION_ANALYSIS_TOKENS } from '../operation-analysis.constants';
import { AnalysisStateRepository } from './analysis-state.repository';

export interface BatchResult {
  readonly analysed: number;
  readonly duplicates: number;
  readonly findings: number;
}

/**
 * Applies new machine readings inside the consumer's transaction: the machines'
 * states are read, every reading runs through the detectors, and the findings
 * (each caused by the reading that completed it), states and utilisation are
 * written with the offset. Findings leave through the outbox after the commit; a
 * replay after a crash re-derives the same finding ids, which maintenance ignores.
 * States are cached in memory with their row version (StateCache): while the
 * instance keeps its partitions only versions are read back.
 */
@Injectable()
export class AnalysisService {
  private readonly logger = createLogger('operation-analysis.analysis');
  private readonly readings: Counter<string>;
  private readonly findingsEmitted: Counter<string>;
  /** states this instance wrote, by the version their write drew */
  private readonly cache = new StateCache<MachineState>();

  constructor(
    private readonly repository: AnalysisStateRepository,
    @Inject(OPERATION_ANALYSIS_TOKENS.analyser) private readonly analyser: MachineAnalyser,
    private readonly rules: AlarmRulesService,
    @Inject(PLATFORM_TOKENS.metrics) metrics: Metrics,
  ) {
    this.readings = metrics.counter('operation_analysis_readings_total', 'machine readings consumed, by outcome', ['outcome']);
    this.findingsEmitted = metrics.counter('operation_analysis_findings_total', 'maintenance findings emitted, by kind', ['kind']);
  }

  async apply(tx: Tx, deliveries: ReadonlyArray<Delivery<MachineTelemetryV1>>): Promise<BatchResult> {
    if (deliveries.length === 0) return { analysed: 0, duplicates: 0, findings: 0 };
    // the operators' rules are in before the first reading is judged
    await this.rules.ready();
    const machineIds = [...new Set(deliveries.map((d) => d.value.deviceId))];
    const states = this.cache.take(await this.repository.loadStates(tx, machineIds, this.cache.versionsOf(machineIds)));
    const closures = await this.repository.pendingClosures(tx, machineIds);
    const findings: Array<{ value: MaintenanceFindingV1; cause: Cause }> = [];
    const days = new Map<string, UtilisationDay>();
    /** states to write: changed by a reading or by a closure (marked applied in this transaction) */
    const touched = new Map<string, MachineState>();
    for (const closure of closures) {
      const state = states.get(closure.machineId);
      if (!state) continue;
      this.analyser.applyClosure(state, closure);
      touched.set(closure.machineId, state);
    }

    let duplicates = 0;
    for (const { value, message, cause } of deliveries) {
      const result = this.analyser.analyse(states.get(value.deviceId), value, { topic: message.topic, partition: message.partition, offset: message.offset });
      if (result.duplicate) {
        duplicates += 1;
        continue;
      }
      states.set(value.deviceId, result.state);
      touched.set(value.deviceId, result.state);
      if (result.completedDay) days.set(`${result.completedDay.machineId}|${result.completedDay.day}`, result.completedDay);
      for (const finding of result.findings) findings.push({ value: finding, cause });
    }
    for (const state of touched.values()) {
      const day = this.analyser.utilisationOf(state);
      if (day) days.set(`${day.machineId}|${day.day}`, day);
    }
    tx.publish(TOPICS.maintenanceFindings, findings);
    for (const { value: f } of findings) {
      this.findingsEmitted.inc({ kind: f.kind });
      this.logger.info('finding emitted', { findingId: f.findingId, kind: f.kind, severity: f.severity, dedupKey: f.dedupKey });
    }
    const saved = [...touched.values()];
    const versions = await this.repository.saveStates(tx, saved);
    this.cache.remember(saved.map((state) => ({ id: state.machineId, state, version: versions.get(state.machineId)! })));
    await this.repository.saveUtilisation(tx, [...days.values()]);
    await this.repository.markClosuresApplied(tx, closures.map((c) => c.workOrderId));
    this.readings.inc({ outcome: 'analysed' }, deliveries.length - duplicates);
    if (duplicates > 0) this.readings.inc({ outcome: 'duplicate' }, duplicates);
    return { analysed: deliveries.length - duplicates, duplicates, findings: findings.length };
  }
}
