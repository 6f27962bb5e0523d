import { Inject, Injectable } from '@nestjs/common';
import {
  HEADERS,
  severityRank,
  TOPICS,
  type MaintenanceFindingV1,
  type WorkOrderClosedV1,
} from '@tsunagu/contracts';
import { createLogger, PLATFORM_TOKENS, TransientError, type MessageBus } from '@tsunagu/platform';
import { MachinesRepository } from '../machines/machines.repository';
import { SYSTEM_ACTOR } from '../maintenance.constants';
import { MAINTENANCE_ERROR, MaintenanceException } from '../maintenance.exception';
import { allowedTransitions, canTransition, isClosed, type WorkOrderStatus } from '@tsunagu/maintenance';
import type { WorkOrderEntity } from './work-order.entity';
import type { WorkOrderEventEntity } from './work-order-event.entity';
import type { WorkOrderFindingEntity } from './work-order-finding.entity';
import { planWorkOrders } from '@tsunagu/maintenance';
import { WorkOrdersRepository, type FindingRow, type MachineSighting, type WorkOrderFilter } from './work-orders.repository';

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
  readonly workOrder: WorkOrderEntity;
  readonly allowedTransitions: readonly WorkOrderStatus[];
  /** the findings that opened and fed the work order, oldest first */
  readonly timeline: readonly WorkOrderFindingEntity[];
  readonly history: readonly WorkOrderEventEntity[];
}

const PG_UNIQUE_VIOLATION = '23505';

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
    @Inject(PLATFORM_TOKENS.bus) private readonly bus: MessageBus,
  ) {}

  /** Applies a batch of findings (in order) in one transaction. */
  async ingest(findings: readonly MaintenanceFindingV1[]): Promise<IngestResult> {
    try {
      return await this.workOrders.transaction(async (m) => {
        const rows: FindingRow[] = findings.map((f) => ({
          finding_id: f.findingId,
          kind: f.kind,
          severity: f.severity,
          summary: f.summary,
          detected_at: f.detectedAt,
          predicted_time_to_limit_sec: f.predictedTimeToLimitSec ?? null,
          engine_hours: f.engineHours ?? null,
          evidence: f.evidence,
          origin: f.origin,
        }));
        const fresh = await this.workOrders.claimFindings(m, rows);
        const seen = new Set<string>();
        const todo = findings.filter((f) => fresh.has(f.findingId) && !seen.has(f.findingId) && seen.add(f.findingId));
        if (todo.length === 0) return { opened: 0, attached: 0, duplicates: findings.length };

        const sightings = new Map<string, MachineSighting>();
        for (const f of todo) {
          const prev = sightings.get(f.subjectId);
          sightings.set(f.subjectId, {
            machine_id: f.subjectId,
            model: f.model,
            site: f.site ?? prev?.site ?? null,
            engine_hours: maxOrNull(f.engineHours ?? null, prev?.engine_hours ?? null),
            seen_at: Math.max(f.detectedAt, prev?.seen_at ?? 0),
          });
        }
        const sites = await this.workOrders.upsertMachines(m, [...sightings.values()]);
        // locked until commit; two instances opening the same key at once trip the partial unique index (retried below)
        const active = await this.workOrders.lockActiveByDedupKeys(m, [...new Set(todo.map((f) => f.dedupKey))]);

        const plan = planWorkOrders(todo, active);
        const openedIds = await this.workOrders.insertWorkOrders(
          m,
          plan.opening.map((f) => ({
            machineId: f.subjectId,
            model: f.model,
            site: sites.get(f.subjectId) ?? f.site ?? null,
            component: f.component,
            kind: f.kind,
            dedupKey: f.dedupKey,
            severity: f.severity,
            severityRank: severityRank(f.severity),
            summary: f.summary,
            detectedAt: f.detectedAt,
            predictedTimeToLimitSec: f.predictedTimeToLimitSec ?? null,
            engineHours: f.engineHours ?? null,
          })),
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
          [...plan.changes.values()].map(({ dedupKey, ...change }) => ({ id: idOf(dedupKey), ...change })),
          todo.map((f) => ({ finding_id: f.findingId, work_order_id: idOf(f.dedupKey) })),
        );
        for (const f of plan.opening) {
          this.logger.info('work order opened', { workOrderId: idOf(f.dedupKey), machineId: f.subjectId, dedupKey: f.dedupKey, severity: f.severity });
        }
        const opened = plan.opening.length;
        return { opened, attached: todo.length - opened, duplicates: findings.length - todo.length };
      });
    } catch (err) {
      // another instance opened the same dedup key's work order concurrently (a rebalance): retry, it attaches
      if ((err as { code?: string }).code === PG_UNIQUE_VIOLATION) throw new TransientError('concurrent work-order open, retrying', err);
      throw err;
    }
  }

  /**
   * Moves a work order along its lifecycle. Closing it (done / cancelled) records
   * the service (done) and publishes `workOrderClosed` before the transaction
   * commits: if Kafka is unavailable nothing changes and the caller gets a 503.
   */
  async transition(id: string, req: TransitionRequest): Promise<WorkOrderEntity> {
    return this.workOrders.transaction(async (m) => {
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
        try {
          await this.bus.publish(TOPICS.workOrderClosed, [
            { key: current.machineId, value: JSON.stringify(event), headers: { [HEADERS.schema]: 'work-order-closed.v1', [HEADERS.producer]: 'maintenance' } },
          ]);
        } catch (err) {
          this.logger.warn('closing event not published: work order left unchanged', { workOrderId: id, error: err as Error });
          throw new MaintenanceException(MAINTENANCE_ERROR.busUnavailable, 'the event bus is unavailable: try again shortly');
        }
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

  list(filter: WorkOrderFilter): Promise<{ items: WorkOrderEntity[]; total: number }> {
    return this.workOrders.list(filter);
  }

  listByMachine(machineId: string, limit = 100): Promise<WorkOrderEntity[]> {
    return this.workOrders.listByMachine(machineId, limit);
  }
}
