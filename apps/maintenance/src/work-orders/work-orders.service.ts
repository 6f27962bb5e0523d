import { Injectable } from '@nestjs/common';
import { TOPICS, type MaintenanceFindingV1, type WorkOrderClosedV1 } from '@tsunagu/contracts';
import { allowedTransitions, canTransition, isClosed, planWorkOrders, type WorkOrderStatus } from '@tsunagu/maintenance';
import { createLogger, lineageOf, retryingUniqueViolations, ServiceDatabase, TransientError, type Cause, type Delivery, type Tx } from '@tsunagu/platform';
import { MachinesRepository } from '../machines/machines.repository';
import { SYSTEM_ACTOR } from '../maintenance.constants';
import { MAINTENANCE_ERROR, MaintenanceException } from '../maintenance.exception';
import type { WorkOrderEventRow, WorkOrderFindingRow, WorkOrderRow } from '../maintenance.tables';
import { WorkOrdersRepository, type MachineSighting, type WorkOrderFilter } from './work-orders.repository';

export interface IngestResult {
  readonly opened: number;
  readonly attached: number;
  readonly duplicates: number;
}

export interface TransitionRequest {
  readonly status: WorkOrderStatus;
  /** who did it (a person's name or id) */
  readonly by: string;
  /** the caller's API role, for the audit trail */
  readonly role: string | null;
  readonly note?: string;
  readonly assignee?: string;
  readonly scheduledFor?: Date;
  /** engine hours at which the work was done (service history); defaults to the latest known */
  readonly engineHours?: number;
}

export interface WorkOrderDetail {
  readonly workOrder: WorkOrderRow;
  readonly allowedTransitions: readonly WorkOrderStatus[];
  /** the findings that opened and fed the work order, oldest first */
  readonly timeline: readonly WorkOrderFindingRow[];
  readonly history: readonly WorkOrderEventRow[];
}

export interface WorkOrderLineage {
  readonly workOrder: Pick<WorkOrderRow, 'id' | 'machineId' | 'dedupKey' | 'status'>;
  readonly findings: ReadonlyArray<{
    readonly findingId: string;
    readonly kind: string;
    readonly detectedAt: Date;
    /** the finding's Kafka record */
    readonly record: Cause | null;
    /** the reading whose arrival made the detector emit it */
    readonly source: Cause | null;
    /** the telemetry offsets the detector read */
    readonly readings: WorkOrderFindingRow['origin'];
    /** the readings the detector quoted as its evidence (time, metric, value) */
    readonly evidence: WorkOrderFindingRow['evidence']['readings'];
  }>;
}

function maxOrNull(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  return b === null ? a : Math.max(a, b);
}

/**
 * Work orders from maintenance findings, and their lifecycle. Consumption is
 * idempotent (a finding id is stored once, in the same transaction as its effect)
 * and a finding attaches to the active work order of its dedup key instead of
 * opening another.
 */
@Injectable()
export class WorkOrdersService {
  private readonly logger = createLogger('maintenance.work-orders');

  constructor(
    private readonly workOrders: WorkOrdersRepository,
    private readonly machines: MachinesRepository,
    private readonly db: ServiceDatabase,
  ) {}

  /** Applies a batch of findings (in order) inside the consumer's transaction; each keeps its lineage. */
  async ingest(m: Tx, deliveries: ReadonlyArray<Pick<Delivery<MaintenanceFindingV1>, 'value' | 'message'>>): Promise<IngestResult> {
    // another instance opened the same dedup key's work order concurrently (a rebalance): retry, it attaches
    return retryingUniqueViolations('concurrent work-order open, retrying', () => this.apply(m, deliveries));
  }

  private async apply(m: Tx, deliveries: ReadonlyArray<Pick<Delivery<MaintenanceFindingV1>, 'value' | 'message'>>): Promise<IngestResult> {
    const seen = await this.workOrders.storedFindings(m, [...new Set(deliveries.map((d) => d.value.findingId))]);
    const fresh = deliveries.filter((d) => !seen.has(d.value.findingId) && seen.add(d.value.findingId));
    const todo = fresh.map((d) => d.value);
    if (todo.length === 0) return { opened: 0, attached: 0, duplicates: deliveries.length };

    const sightings = new Map<string, MachineSighting>();
    for (const f of todo) {
      const prev = sightings.get(f.subjectId);
      sightings.set(f.subjectId, {
        machineId: f.subjectId,
        model: f.model,
        site: f.site ?? prev?.site ?? null,
        engineHours: maxOrNull(f.engineHours ?? null, prev?.engineHours ?? null),
        lastFindingAt: Math.max(f.detectedAt, Number(prev?.lastFindingAt ?? 0)),
      });
    }
    const sites = await this.workOrders.upsertMachines(m, [...sightings.values()]);
    // locked until commit; two instances opening the same key at once trip the partial unique index (retried below)
    const active = await this.workOrders.lockActiveByDedupKeys(m, [...new Set(todo.map((f) => f.dedupKey))]);

    const plan = planWorkOrders(todo, active);
    // a work order the batch opens is written once, with what the batch's findings made of it
    const openedIds = await this.workOrders.insertWorkOrders(
      m,
      plan.opening.map((f) => {
        const change = plan.changes.get(f.dedupKey)!;
        return {
          machineId: f.subjectId,
          model: f.model,
          site: sites.get(f.subjectId) ?? f.site ?? null,
          component: f.component,
          kind: f.kind,
          dedupKey: f.dedupKey,
          status: 'open',
          severity: change.severity,
          severityRank: change.severityRank,
          summary: change.summary,
          findingCount: change.findingCount,
          firstDetectedAt: f.detectedAt,
          lastDetectedAt: change.lastDetectedAt,
          predictedTimeToLimitSec: change.predictedTimeToLimitSec,
          predictedLimitAt: change.predictedLimitAt,
          engineHours: change.engineHours,
        };
      }),
    );
    const idOf = (dedupKey: string): string => active.get(dedupKey)?.id ?? openedIds.get(dedupKey)!;
    await this.workOrders.insertEvents(
      m,
      plan.opening.map((f) => ({
        workOrderId: idOf(f.dedupKey),
        actor: SYSTEM_ACTOR,
        role: null,
        fromStatus: null,
        toStatus: 'open',
        note: `opened by finding ${f.findingId}`,
      })),
    );
    await this.workOrders.applyAggregates(
      m,
      [...plan.changes.values()].flatMap(({ dedupKey, ...change }) => {
        const existing = active.get(dedupKey);
        return existing ? [{ id: existing.id, ...change }] : [];
      }),
    );
    const stored = await this.workOrders.insertFindings(
      m,
      fresh.map(({ value: f, message }) => ({ ...f, workOrderId: idOf(f.dedupKey), lineage: lineageOf({ message }) })),
    );
    // another transaction stored some of them since the check: roll back and retry the batch (they are duplicates then)
    if (stored < fresh.length) throw new TransientError(`${fresh.length - stored} findings stored concurrently`);
    for (const f of plan.opening) {
      this.logger.info('work order opened', { workOrderId: idOf(f.dedupKey), machineId: f.subjectId, dedupKey: f.dedupKey, severity: f.severity });
    }
    const opened = plan.opening.length;
    return { opened, attached: todo.length - opened, duplicates: deliveries.length - todo.length };
  }

  /**
   * Moves a work order along its lifecycle. Closing it (done / cancelled) records
   * the service (done) and publishes `workOrderClosed` through the outbox: it goes
   * out once the change has committed, and never for a change that did not.
   */
  async transition(id: string, req: TransitionRequest): Promise<WorkOrderRow> {
    return this.db.transaction(async (m) => {
      const current = await this.workOrders.lockById(m, id);
      if (!current) throw new MaintenanceException(MAINTENANCE_ERROR.workOrderNotFound, `work order ${id} not found`);
      if (!canTransition(current.status, req.status)) {
        throw new MaintenanceException(MAINTENANCE_ERROR.invalidTransition, `work order ${id} cannot go from ${current.status} to ${req.status}`, {
          from: current.status,
          to: req.status,
          allowed: allowedTransitions(current.status),
        });
      }
      const closed = isClosed(req.status);
      const updated = await this.workOrders.updateStatus(m, id, {
        status: req.status,
        assignee: req.assignee,
        scheduledFor: req.scheduledFor,
        closedBy: closed ? req.by : null,
        closed,
      });
      await this.workOrders.insertEvents(m, [{ workOrderId: id, actor: req.by, role: req.role, fromStatus: current.status, toStatus: req.status, note: req.note ?? null }]);
      if (req.status === 'done') {
        await this.machines.addServiceRecord(
          {
            machineId: current.machineId,
            workOrderId: id,
            task: current.kind === 'service-due' ? current.component : `${current.component} (${current.kind})`,
            engineHours: req.engineHours ?? current.engineHours,
            performedAt: new Date(),
            performedBy: req.by,
            note: req.note ?? current.summary,
          },
          m,
        );
      }
      if (closed) {
        const event: WorkOrderClosedV1 = {
          workOrderId: id,
          machineId: current.machineId,
          dedupKey: current.dedupKey,
          status: req.status as WorkOrderClosedV1['status'],
          closedAt: (updated.closedAt ?? new Date()).getTime(),
          closedBy: req.by,
        };
        m.publish(TOPICS.workOrderClosed, [{ value: event, cause: { topic: 'http:POST /work-orders/:id/transitions' } }]);
      }
      this.logger.info('work order status changed', { workOrderId: id, from: current.status, to: req.status, by: req.by });
      return updated;
    });
  }

  async get(id: string): Promise<WorkOrderDetail> {
    const workOrder = await this.workOrders.findById(id);
    if (!workOrder) throw new MaintenanceException(MAINTENANCE_ERROR.workOrderNotFound, `work order ${id} not found`);
    const [timeline, history] = await Promise.all([this.workOrders.findingsOf(id), this.workOrders.eventsOf(id)]);
    return { workOrder, allowedTransitions: allowedTransitions(workOrder.status), timeline, history };
  }

  /**
   * Why a work order exists, back to the raw input: each attached finding with the
   * Kafka record it came in as, the reading that made the detector emit it (the
   * finding's lineage headers) and the telemetry offsets its detector read.
   */
  async lineage(id: string): Promise<WorkOrderLineage> {
    const workOrder = await this.workOrders.findById(id);
    if (!workOrder) throw new MaintenanceException(MAINTENANCE_ERROR.workOrderNotFound, `work order ${id} not found`);
    const findings = await this.workOrders.findingsOf(id);
    return {
      workOrder: { id: workOrder.id, machineId: workOrder.machineId, dedupKey: workOrder.dedupKey, status: workOrder.status },
      findings: findings.map((f) => ({ findingId: f.findingId, kind: f.kind, detectedAt: f.detectedAt, record: f.lineage?.record ?? null, source: f.lineage?.source ?? null, readings: f.origin, evidence: f.evidence.readings })),
    };
  }

  list(filter: WorkOrderFilter): Promise<{ items: WorkOrderRow[]; total: number }> {
    return this.workOrders.list(filter);
  }

  listByMachine(machineId: string, limit = 100): Promise<WorkOrderRow[]> {
    return this.workOrders.listByMachine(machineId, limit);
  }
}
