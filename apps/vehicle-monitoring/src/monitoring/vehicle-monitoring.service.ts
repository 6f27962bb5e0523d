import { Inject, Injectable } from '@nestjs/common';
import { TOPICS, type VehicleTelemetryV1 } from '@tsunagu/contracts';
import { AlarmRulesService, createLogger, PLATFORM_TOKENS, ServiceDatabase, StateCache, type Cause, type Clock, type Delivery, type Metrics, type PublishRecord, type Tx } from '@tsunagu/platform';
import { analyseReading, markOffline, type VehicleMonitorState, type VehicleRuleBook } from '@tsunagu/vehicle-monitoring';
import { VEHICLE_MONITORING_OPTIONS, VEHICLE_MONITORING_RULES } from '../vehicle-monitoring.constants';
import type { VehicleMonitoringOptions } from '../vehicle-monitoring.config';
import { VehicleMonitoringRepository } from './vehicle-monitoring.repository';

export interface BatchOutcome {
  readonly analysed: number;
  readonly incidents: number;
  readonly states: number;
}

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
 * States are cached in memory with their row version (StateCache), so while the
 * instance keeps its partitions only versions are read back; every write draws a
 * new version from the sequence `vehicle_versions`.
 */
@Injectable()
export class VehicleMonitoringService {
  private readonly logger = createLogger('vehicle-monitoring');
  private readonly readings;
  private readonly incidentsCounter;
  /** states this instance wrote, by the version their write drew */
  private readonly cache = new StateCache<VehicleMonitorState>();

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
    const states = this.cache.take(await this.repository.loadStates(tx, vehicleIds, this.cache.versionsOf(vehicleIds)));
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
    this.cache.remember(saved.map((state) => ({ id: state.vehicleId, state, version: versions.get(state.vehicleId)! })));
    this.readings.inc({ outcome: 'analysed' }, deliveries.length);
    return { analysed: deliveries.length, incidents: incidents.length, states: latestState.size };
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
