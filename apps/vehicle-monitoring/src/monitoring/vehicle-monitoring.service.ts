import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { HEADERS, TOPICS, type VehicleIncidentV1, type VehicleStateV1, type VehicleTelemetryV1 } from '@tsunagu/contracts';
import { createLogger, Metrics, PLATFORM_TOKENS, type IncomingMessage, type MessageBus, type OutgoingMessage } from '@tsunagu/platform';
import { analyseReading, markOffline, type VehicleMonitorState } from '@tsunagu/vehicle-monitoring';
import { VEHICLE_MONITORING, VEHICLE_MONITORING_TOKENS, type Clock } from '../vehicle-monitoring.constants';
import type { VehicleMonitoringOptions } from '../vehicle-monitoring.config';
import { VehicleMonitoringRepository } from './vehicle-monitoring.repository';

export interface BatchOutcome {
  readonly analysed: number;
  readonly skipped: number;
  readonly incidents: number;
  readonly states: number;
}

/** Vehicles whose state this instance keeps in memory at most. */
const STATE_CACHE_LIMIT = 100_000;

/** How many silent vehicles one sweep transaction marks offline at most. */
const SWEEP_LIMIT = 1000;

/**
 * Runs the pure analysis over a partition batch. One transaction per batch:
 * lock the partition's stored offset, skip what it already covers, analyse, publish
 * the findings and vehicle states (one publish each), then store the states and the
 * new offset. Findings are published before the commit: a crash in between
 * re-emits them with the same deterministic ids, which the call centre ignores.
 */
@Injectable()
export class VehicleMonitoringService {
  private readonly logger = createLogger('vehicle-monitoring');
  private readonly readings;
  /** committed states with their row version: a version match saves loading the jsonb */
  private readonly cache = new Map<string, { state: VehicleMonitorState; version: number }>();
  private readonly incidentsCounter;

  constructor(
    private readonly repository: VehicleMonitoringRepository,
    @Inject(PLATFORM_TOKENS.bus) private readonly bus: MessageBus,
    @Inject(VEHICLE_MONITORING_TOKENS.options) private readonly options: VehicleMonitoringOptions,
    @Inject(VEHICLE_MONITORING_TOKENS.clock) private readonly clock: Clock,
    @Inject(PLATFORM_TOKENS.metrics) metrics: Metrics,
  ) {
    this.readings = metrics.counter('vehicle_monitoring_readings_total', 'vehicle readings consumed, by outcome', ['outcome']);
    this.incidentsCounter = metrics.counter('vehicle_monitoring_incidents_total', 'vehicle incidents emitted, by kind', ['kind']);
  }

  async processBatch(
    topic: string,
    partition: number,
    items: ReadonlyArray<{ readonly value: VehicleTelemetryV1; readonly message: IncomingMessage }>,
  ): Promise<BatchOutcome> {
    if (items.length === 0) return { analysed: 0, skipped: 0, incidents: 0, states: 0 };
    let pendingCache: Array<{ state: VehicleMonitorState; version: number }> = [];
    const outcome = await this.repository.transaction(async (m) => {
      const stored = await this.repository.lockOffset(m, topic, partition);
      const fresh = items.filter((i) => BigInt(i.message.offset) > stored);
      if (fresh.length === 0) return { analysed: 0, skipped: items.length, incidents: 0, states: 0 };
      const vehicleIds = [...new Set(fresh.map((i) => i.value.deviceId))];
      const states = await this.loadStates(m, vehicleIds);
      const incidents: OutgoingMessage[] = [];
      const latestState = new Map<string, OutgoingMessage>();
      for (const { value, message } of fresh) {
        const step = analyseReading(states.get(value.deviceId) ?? null, value, { topic, partition, offset: message.offset }, {
          config: this.options.analysis,
        });
        states.set(value.deviceId, step.state);
        const correlationId = message.headers[HEADERS.correlationId];
        for (const incident of step.incidents) {
          incidents.push(this.record(TOPICS.vehicleIncidents, incident.subjectId, incident, correlationId));
          this.incidentsCounter.inc({ kind: incident.kind });
          if (incident.kind === 'crash') this.logger.warn('crash detected', { vehicleId: incident.subjectId, findingId: incident.findingId, position: incident.position });
        }
        // the state topic is compacted: only the batch's latest record per vehicle matters
        if (step.vehicleState) latestState.set(value.deviceId, this.record(TOPICS.vehicleState, value.deviceId, step.vehicleState, correlationId));
      }
      await Promise.all([
        incidents.length > 0 ? this.bus.publish(TOPICS.vehicleIncidents, incidents) : Promise.resolve(),
        latestState.size > 0 ? this.bus.publish(TOPICS.vehicleState, [...latestState.values()]) : Promise.resolve(),
      ]);
      const saved = vehicleIds.map((id) => states.get(id)!);
      const versions = await this.repository.saveStates(m, saved);
      await this.repository.saveOffset(m, topic, partition, fresh[fresh.length - 1]!.message.offset);
      pendingCache = saved.map((state) => ({ state, version: versions.get(state.vehicleId)! }));
      return { analysed: fresh.length, skipped: items.length - fresh.length, incidents: incidents.length, states: latestState.size };
    });
    // only a committed state may be cached
    this.remember(pendingCache);
    this.readings.inc({ outcome: 'analysed' }, outcome.analysed);
    if (outcome.skipped > 0) {
      this.readings.inc({ outcome: 'skipped' }, outcome.skipped);
      this.logger.info('skipped readings already processed', { topic, partition, skipped: outcome.skipped });
    }
    return outcome;
  }

  /** The batch's states: from the cache when the stored version is the cached one, else from the database. */
  private async loadStates(m: EntityManager, vehicleIds: readonly string[]): Promise<Map<string, VehicleMonitorState>> {
    const cachedVersions = new Map<string, number>();
    for (const id of vehicleIds) {
      const hit = this.cache.get(id);
      if (hit) cachedVersions.set(id, hit.version);
    }
    const loaded = await this.repository.loadStates(m, vehicleIds, cachedVersions);
    const states = new Map<string, VehicleMonitorState>();
    for (const [id, row] of loaded) {
      const state = row.state ?? this.cache.get(id)?.state;
      if (state) states.set(id, state);
    }
    return states;
  }

  private remember(entries: ReadonlyArray<{ state: VehicleMonitorState; version: number }>): void {
    // bounded: past the limit, start over (the database is the truth, the cache only saves reads)
    if (this.cache.size + entries.length > STATE_CACHE_LIMIT) this.cache.clear();
    for (const e of entries) this.cache.set(e.state.vehicleId, e);
  }

  /** Publishes vehicles silent for `offlineAfterMs` (wall clock) as offline, once each. */
  async sweepOffline(): Promise<number> {
    const before = this.clock.now() - this.options.offlineAfterMs;
    let total = 0;
    for (;;) {
      const count = await this.repository.transaction(async (m) => {
        const silent = await this.repository.lockSilent(m, before, SWEEP_LIMIT);
        const updated: VehicleMonitorState[] = [];
        const records: OutgoingMessage[] = [];
        for (const s of silent) {
          const next = markOffline(s);
          updated.push(next.state);
          if (next.vehicleState) records.push(this.record(TOPICS.vehicleState, s.vehicleId, next.vehicleState));
        }
        if (records.length > 0) await this.bus.publish(TOPICS.vehicleState, records);
        await this.repository.saveStates(m, updated);
        return silent.length;
      });
      total += count;
      if (count < SWEEP_LIMIT) break;
    }
    if (total > 0) this.logger.info('vehicles offline', { count: total, silentForMs: this.options.offlineAfterMs });
    return total;
  }

  private record(topic: string, key: string, value: VehicleIncidentV1 | VehicleStateV1, correlationId?: string): OutgoingMessage {
    return {
      key,
      value: JSON.stringify(value),
      headers: {
        [HEADERS.schema]: topic,
        [HEADERS.producer]: VEHICLE_MONITORING.serviceName,
        ...(correlationId ? { [HEADERS.correlationId]: correlationId } : {}),
      },
    };
  }
}
