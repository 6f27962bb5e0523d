import { Inject, Injectable } from '@nestjs/common';
import { HEADERS, TOPICS, type MachineTelemetryV1, type MaintenanceFindingV1 } from '@tsunagu/contracts';
import { MachineAnalyser, type MachineState, type UtilisationDay } from '@tsunagu/operation-analysis';
import { createLogger, PLATFORM_TOKENS, type IncomingMessage, type MessageBus, type Metrics } from '@tsunagu/platform';
import type { Counter } from 'prom-client';
import { OPERATION_ANALYSIS_TOKENS } from '../operation-analysis.constants';
import { AnalysisStateRepository } from './analysis-state.repository';

export interface BatchResult {
  readonly analysed: number;
  readonly skipped: number;
  readonly findings: number;
}

/**
 * Applies a partition batch of telemetry: the committed offset and the machines'
 * states are read, every new reading runs through the detectors, the findings are
 * published (and acknowledged by Kafka) and then states, utilisation and offset
 * are committed in one transaction. A crash anywhere replays the batch from the
 * committed state and re-emits the same finding ids, which maintenance ignores.
 */
@Injectable()
export class AnalysisService {
  private readonly logger = createLogger('operation-analysis.analysis');
  private readonly readings: Counter<string>;
  private readonly findingsEmitted: Counter<string>;

  constructor(
    private readonly repository: AnalysisStateRepository,
    @Inject(OPERATION_ANALYSIS_TOKENS.analyser) private readonly analyser: MachineAnalyser,
    @Inject(PLATFORM_TOKENS.bus) private readonly bus: MessageBus,
    @Inject(PLATFORM_TOKENS.metrics) metrics: Metrics,
  ) {
    this.readings = metrics.counter('operation_analysis_readings_total', 'machine readings consumed, by outcome', ['outcome']);
    this.findingsEmitted = metrics.counter('operation_analysis_findings_total', 'maintenance findings emitted, by kind', ['kind']);
  }

  async processBatch(
    topic: string,
    partition: number,
    items: ReadonlyArray<{ readonly value: MachineTelemetryV1; readonly message: IncomingMessage }>,
  ): Promise<BatchResult> {
    if (items.length === 0) return { analysed: 0, skipped: 0, findings: 0 };
    return this.repository.transaction(async (m) => {
      const committed = await this.repository.lockOffset(m, topic, partition);
      const fresh = items.filter((i) => BigInt(i.message.offset) > committed);
      const skipped = items.length - fresh.length;
      if (fresh.length === 0) {
        this.readings.inc({ outcome: 'replayed' }, skipped);
        return { analysed: 0, skipped, findings: 0 };
      }
      const machineIds = [...new Set(fresh.map((i) => i.value.deviceId))];
      const states = await this.repository.loadStates(m, machineIds);
      const closures = await this.repository.pendingClosures(m, machineIds);
      for (const closure of closures) {
        const state = states.get(closure.machineId);
        if (state) this.analyser.applyClosure(state, closure);
      }

      const findings: Array<{ finding: MaintenanceFindingV1; correlationId?: string }> = [];
      const days = new Map<string, UtilisationDay>();
      const touched = new Map<string, MachineState>();
      let duplicates = 0;
      for (const { value, message } of fresh) {
        const result = this.analyser.analyse(states.get(value.deviceId), value, { topic, partition, offset: message.offset });
        if (result.duplicate) {
          duplicates += 1;
          continue;
        }
        states.set(value.deviceId, result.state);
        touched.set(value.deviceId, result.state);
        if (result.completedDay) days.set(`${result.completedDay.machineId}|${result.completedDay.day}`, result.completedDay);
        const correlationId = message.headers[HEADERS.correlationId];
        for (const finding of result.findings) findings.push({ finding, correlationId });
      }
      for (const state of touched.values()) {
        const day = this.analyser.utilisationOf(state);
        if (day) days.set(`${day.machineId}|${day.day}`, day);
      }

      if (findings.length > 0) {
        // before the commit: a crash after this replays the batch and re-emits the same ids
        await this.bus.publish(
          TOPICS.maintenanceFindings,
          findings.map(({ finding, correlationId }) => ({
            key: finding.subjectId,
            value: JSON.stringify(finding),
            headers: {
              [HEADERS.schema]: 'maintenance-finding.v1',
              [HEADERS.producer]: 'operation-analysis',
              ...(correlationId ? { [HEADERS.correlationId]: correlationId } : {}),
            },
          })),
        );
        for (const { finding } of findings) {
          this.findingsEmitted.inc({ kind: finding.kind });
          this.logger.info('finding emitted', { findingId: finding.findingId, kind: finding.kind, severity: finding.severity, dedupKey: finding.dedupKey });
        }
      }
      await this.repository.saveStates(m, [...touched.values()]);
      await this.repository.saveUtilisation(m, [...days.values()]);
      await this.repository.markClosuresApplied(m, closures.map((c) => c.workOrderId));
      await this.repository.saveOffset(m, topic, partition, fresh[fresh.length - 1]!.message.offset);
      this.readings.inc({ outcome: 'analysed' }, fresh.length - duplicates);
      if (duplicates > 0) this.readings.inc({ outcome: 'duplicate' }, duplicates);
      if (skipped > 0) this.readings.inc({ outcome: 'replayed' }, skipped);
      return { analysed: fresh.length - duplicates, skipped: skipped + duplicates, findings: findings.length };
    });
  }
}
