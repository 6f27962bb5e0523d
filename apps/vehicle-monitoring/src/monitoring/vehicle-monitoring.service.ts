import { Inject, Injectable } from '@nestjs/common';
import { TOPICS, type VehicleTelemetryV1 } from '@tsunagu/contracts';
import { AlarmRulesService, createLogger, PLATFORM_TOKENS, ServiceDatabase, type Cause, type Clock, type Delivery, type Metrics, type PublishRecord, type Tx } from '@tsunagu/platform';
import { analyseReading, markOffline, type VehicleMonitorState, type VehicleRuleBook } from '@tsunagu/vehicle-monitoring';
import { VEHICLE_MONITORING_OPTIONS, VEHICLE_MONITORING_RULES } from '../vehicle-monitoring.constants';
import type { VehicleMonitoringOptions } from '../vehicle-monitoring.config';
import { VehicleMonitoringRepository } from './vehicle-monitoring.repository';

export interface BatchOutcome {
  readonly analysed: number;
  readonly incidents: number;
  readonly states: number;
}

/** Vehicles whose state this instance keeps in memory at most. */
const STATE_CACHE_LIMIT = 100_000;

/** How many silent vehicles one sweep transaction marks offline at most. */
const SWEEP_LIMIT = 1000;

/** What caused an offline record: the sweep, not a reading (lineage header `source-topic`). */
const OFFLINE_SWEEP_CAUSE: Cause = { topic: 'job:vehicle-monitoring.offline-sweep' };

/**
 * Runs the pure analysis over a partition batch inside the consumer's transaction
 * (the kernel holds the offset in it): load the batch's vehicles, analyse every
 * reading in order by the thresholds of its model and vehicle (operators' rules,
 * whose version each incident names), publish the incidents and the latest state per vehicle (each
 * caused by its reading) through the outbox, store the states in one statement.
 * Nothing leaves before the commit; a replay after a crash re-derives the same
 * incident ids, which the call centre ignores.
 *
 * States are cached in memory with their row version, so while the instance keeps
 * its partitions only versions are read back. Every write draws a new version from
 * a sequence, so an entry is used only when the committed row carries exactly that
 * version: the state of a write that rolled back (its version is never committed)
 * or that another writer replaced (the offline sweep, another instance after a
 * rebalance) is read from the database instead.
 */
@Injectable()
export class VehicleMonitoringService {
  private readonly logger = createLogger('vehicle-monitoring');
  private readonly readings;
  private readonly incidentsCounter;
  /** states this instance wrote, by the version their write drew */
  private readonly cache = new Map<string, { state: VehicleMonitorState; version: number }>();

  constructor(
    private readonly repository: VehicleMonitoringRepository,
    private readonly db: ServiceDatabase,
    @Inject(VEHICLE_MONITORING_OPTIONS) private readonly options: VehicleMonitoringOptions,
    @Inject(PLATFORM_TOKENS.clock) private readonly clock: Clock,
    @Inject(PLATFORM_TOKENS.metrics) metrics: Metrics,
    @Inject(VEHICLE_MONITORING_RULES) private readonly book: VehicleRuleBook,
    private readonly alarmRules: AlarmRulesService,
  ) {
    this.readings = metrics.counter('vehicle_monitoring_readings_total', 'vehicle readings consumed, by outcome', ['outcome']);
    this.incidentsCounter = metrics.counter('vehicle_monitoring_incidents_total', 'vehicle incidents emitted, by kind', ['kind']);
  }

  async apply(tx: Tx, deliveries: ReadonlyArray<Delivery<VehicleTelemetryV1>>): Promise<BatchOutcome> {
    if (deliveries.length === 0) return { analysed: 0, incidents: 0, states: 0 };
    // the operators' rules are in before the first reading is judged
    await this.alarmRules.ready();
    const rules = this.book.rules;
    const vehicleIds = [...new Set(deliveries.map((d) => d.value.deviceId))];
    const states = await this.loadStates(tx, vehicleIds);
    const incidents: Array<PublishRecord<typeof TOPICS.vehicleIncidents>> = [];
    const latestState = new Map<string, PublishRecord<typeof TOPICS.vehicleState>>();
    for (const { value, message, cause } of deliveries) {
      const { effective: config, version: ruleVersion } = rules.resolve(value.deviceId, value.model);
      const step = analyseReading(states.get(value.deviceId) ?? null, value, { topic: message.topic, partition: message.partition, offset: message.offset }, { config, ruleVersion });
      states.set(value.deviceId, step.state);
      for (const incident of step.incidents) {
        incidents.push({ value: incident, cause });
        this.incidentsCounter.inc({ kind: incident.kind });
        if (incident.kind === 'crash') this.logger.warn('crash detected', { vehicleId: incident.subjectId, findingId: incident.findingId, position: incident.position });
      }
      // the state topic is compacted: only the batch's latest record per vehicle matters
      if (step.vehicleState) latestState.set(value.deviceId, { value: step.vehicleState, cause });
    }
    tx.publish(TOPICS.vehicleIncidents, incidents);
    tx.publish(TOPICS.vehicleState, [...latestState.values()]);
    const saved = vehicleIds.map((id) => states.get(id)!);
    const versions = await this.repository.saveStates(tx, saved);
    this.remember(saved.map((state) => ({ state, version: versions.get(state.vehicleId)! })));
    this.readings.inc({ outcome: 'analysed' }, deliveries.length);
    return { analysed: deliveries.length, incidents: incidents.length, states: latestState.size };
  }

  /** The batch's states: from the cache when the committed version is the cached one, else from the database. */
  private async loadStates(tx: Tx, vehicleIds: readonly string[]): Promise<Map<string, VehicleMonitorState>> {
    const cachedVersions = new Map<string, number>();
    for (const id of vehicleIds) {
      const hit = this.cache.get(id);
      if (hit) cachedVersions.set(id, hit.version);
    }
    const loaded = await this.repository.loadStates(tx, vehicleIds, cachedVersions);
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
      const count = await this.db.transaction(async (tx) => {
        const silent = await this.repository.lockSilent(tx, before, SWEEP_LIMIT);
        const updated = silent.map(markOffline);
        tx.publish(
          TOPICS.vehicleState,
          updated.flatMap((next) => (next.vehicleState ? [{ value: next.vehicleState, cause: OFFLINE_SWEEP_CAUSE }] : [])),
        );
        await this.repository.saveStates(tx, updated.map((next) => next.state));
        return silent.length;
      });
      total += count;
      if (count < SWEEP_LIMIT) break;
    }
    if (total > 0) this.logger.info('vehicles offline', { count: total, silentForMs: this.options.offlineAfterMs });
    return total;
  }
}
