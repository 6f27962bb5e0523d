import { Inject, Injectable } from '@nestjs/common';
import type { Origin, VehicleIncidentV1 } from '@tsunagu/contracts';
import {
  ACTION_EVENT,
  ACTION_TARGET,
  allowedTransitions,
  canTransition,
  caseKeyOf,
  OPEN_STATUSES,
  planCases,
  type CaseAction,
  type CaseStatus,
  type Priority,
} from '@tsunagu/call-centre';
import { createLogger, lineageOf, listPage, PLATFORM_TOKENS, retryingUniqueViolations, ServiceDatabase, TransientError, type Cause, type Clock, type Delivery, type Page, type PageQuery, type Tx } from '@tsunagu/platform';
import { CALL_CENTRE_ACTORS, CALL_CENTRE_OPTIONS } from '../call-centre.constants';
import type { CallCentreOptions } from '../call-centre.config';
import { CALL_CENTRE_ERROR, CallCentreException } from '../call-centre.exception';
import type { CaseEventRow, CaseIncidentRow, CaseRow, ContactRow } from '../call-centre.tables';
import { ContactsRepository } from '../contacts/contacts.repository';
import { CasesRepository, type CaseEventInput } from './cases.repository';

export interface IncidentOutcome {
  readonly opened: number;
  readonly attached: number;
  readonly duplicates: number;
}

export interface CaseView extends CaseRow {
  readonly overdue: boolean;
  readonly allowedTransitions: readonly CaseStatus[];
}

export interface CaseDetail extends CaseView {
  readonly contact: ContactRow | null;
  readonly incidents: CaseIncidentRow[];
  readonly timeline: CaseEventRow[];
}

export interface CaseLineage {
  readonly case: Pick<CaseRow, 'id' | 'vehicleId' | 'kind' | 'status'>;
  readonly incidents: ReadonlyArray<{
    readonly findingId: string;
    readonly kind: string;
    readonly detectedAt: Date;
    /** the incident's Kafka record */
    readonly record: Cause | null;
    /** the reading whose arrival made vehicle monitoring emit it */
    readonly source: Cause | null;
    /** the telemetry offsets the detector read */
    readonly readings: Origin;
  }>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Cases: opened or attached from incidents, moved through their lifecycle by agents. */
@Injectable()
export class CasesService {
  private readonly logger = createLogger('call-centre.cases');

  constructor(
    private readonly cases: CasesRepository,
    private readonly contacts: ContactsRepository,
    private readonly db: ServiceDatabase,
    @Inject(CALL_CENTRE_OPTIONS) private readonly options: CallCentreOptions,
    @Inject(PLATFORM_TOKENS.clock) private readonly clock: Clock,
  ) {}

  /**
   * Records a batch of incidents (in order) inside the consumer's transaction:
   * each one opens a case or attaches to the vehicle's open case of the same kind,
   * keeping its lineage; an incident already recorded (same finding id: a
   * re-delivery or a re-emission) changes nothing.
   */
  async recordIncidents(tx: Tx, deliveries: ReadonlyArray<Pick<Delivery<VehicleIncidentV1>, 'value' | 'message'>>): Promise<IncidentOutcome> {
    // two instances briefly sharing a partition during a rebalance race on the same
    // case: the loser rolls back and the batch is retried (then it attaches)
    return retryingUniqueViolations('concurrent case open, retrying', () => this.record(tx, deliveries));
  }

  /** The batch in a fixed number of statements: which incidents are new, the open cases, the plan, then one write per table. */
  private async record(m: Tx, deliveries: ReadonlyArray<Pick<Delivery<VehicleIncidentV1>, 'value' | 'message'>>): Promise<IncidentOutcome> {
    const seen = await this.cases.recordedIncidents(m, [...new Set(deliveries.map((d) => d.value.findingId))]);
    const todo = deliveries.filter((d) => !seen.has(d.value.findingId) && seen.add(d.value.findingId));
    if (todo.length === 0) return { opened: 0, attached: 0, duplicates: deliveries.length };
    const now = this.clock.now();
    const pairs = new Map(todo.map(({ value: i }) => [caseKeyOf(i), { vehicleId: i.subjectId, kind: i.kind }]));
    const open = await this.cases.lockOpenCases(m, [...pairs.values()]);
    const plan = planCases(
      todo.map((d) => d.value),
      new Map([...open].map(([key, c]) => [key, { id: c.id, priority: c.priority as Priority, severity: c.severity, slaDueAt: c.slaDueAt.getTime() }])),
      now,
      this.options.slaSec,
    );
    const planned = [...plan.cases.values()];
    const opening = planned.filter((c) => c.id === null);
    const openedIds = await this.cases.insertCases(
      m,
      opening.map((c) => ({
        vehicleId: c.first.subjectId,
        kind: c.first.kind,
        priority: c.priority,
        severity: c.severity,
        summary: c.first.summary,
        dedupKey: c.first.dedupKey,
        position: c.first.position,
        lastPosition: c.lastPosition,
        incidentCount: 1 + c.attached,
        openedAt: now,
        slaDueAt: c.slaDueAt,
      })),
    );
    const idOf = (key: string): string => plan.cases.get(key)!.id ?? openedIds.get(key)!;
    await this.cases.attachToCases(
      m,
      planned.flatMap((c) => (c.id === null ? [] : [{ id: c.id, attached: c.attached, lastPosition: c.lastPosition, priority: c.priority, severity: c.severity, slaDueAt: c.slaDueAt }])),
      now,
    );
    const recorded = await this.cases.insertIncidents(m, todo.map(({ value, message }) => ({ caseId: idOf(caseKeyOf(value)), incident: value, lineage: lineageOf({ message }) })), now);
    // another transaction recorded some since the check: roll back and retry the batch
    if (recorded < todo.length) throw new TransientError(`${todo.length - recorded} incidents recorded concurrently`);
    await this.cases.addEvents(
      m,
      plan.events.map((e) => ({ caseId: idOf(e.caseKey), at: now, actor: CALL_CENTRE_ACTORS.system, type: e.type, toStatus: e.toStatus ?? null, detail: e.detail })),
    );
    for (const c of opening) this.logger.info('case opened', { caseId: idOf(c.key), vehicleId: c.first.subjectId, kind: c.first.kind, priority: c.priority });
    return { opened: opening.length, attached: todo.length - opening.length, duplicates: deliveries.length - todo.length };
  }

  queue(query: PageQuery & { status?: CaseStatus; vehicleId?: string }): Promise<Page<CaseView>> {
    return listPage(query, this.options.defaultPageSize, async ({ status, vehicleId, page, pageSize }) => {
      const { items, total } = await this.cases.queue(status ? [status] : OPEN_STATUSES, pageSize, (page - 1) * pageSize, vehicleId);
      return { items: items.map((c) => this.view(c)), total };
    });
  }

  async get(id: string): Promise<CaseDetail> {
    const c = UUID.test(id) ? await this.cases.findCase(id) : null;
    if (!c) throw new CallCentreException(CALL_CENTRE_ERROR.caseNotFound, `case ${id} not found`);
    const [incidents, timeline, contact] = await Promise.all([
      this.cases.incidentsOf(id),
      this.cases.eventsOf(id),
      this.contacts.find(c.vehicleId),
    ]);
    return { ...this.view(c), contact, incidents, timeline };
  }

  /**
   * Why a case exists, back to the raw input: each attached incident with the
   * Kafka record it came in as, the reading that made vehicle monitoring emit it
   * (the incident's lineage headers) and the telemetry offsets its detector read.
   */
  async lineage(id: string): Promise<CaseLineage> {
    const c = UUID.test(id) ? await this.cases.findCase(id) : null;
    if (!c) throw new CallCentreException(CALL_CENTRE_ERROR.caseNotFound, `case ${id} not found`);
    const incidents = await this.cases.incidentsOf(id);
    return {
      case: { id: c.id, vehicleId: c.vehicleId, kind: c.kind, status: c.status },
      incidents: incidents.map((i) => ({ findingId: i.findingId, kind: i.kind, detectedAt: i.detectedAt, record: i.lineage?.record ?? null, source: i.lineage?.source ?? null, readings: i.origin })),
    };
  }

  /** acknowledge / contact / resolve / close: a lifecycle step, recorded with who and when. */
  async transition(id: string, action: CaseAction, by: string, detail: { note?: string; channel?: string; resolution?: string } = {}): Promise<CaseDetail> {
    const to = ACTION_TARGET[action];
    await this.mutate(id, async (m, c, now) => {
      if (!canTransition(c.status, to)) {
        throw new CallCentreException(CALL_CENTRE_ERROR.invalidTransition, `a ${c.status} case cannot become ${to}`, {
          currentStatus: c.status,
          requested: to,
          allowedTransitions: allowedTransitions(c.status),
        });
      }
      const at = new Date(now);
      await this.cases.updateCase(m, id, {
        status: to,
        updatedAt: at,
        ...(action === 'acknowledge' ? { acknowledgedAt: at, ...(c.assignedAgent ? {} : { assignedAgent: by }) } : {}),
        ...(action === 'resolve' ? { resolvedAt: at, resolution: detail.resolution ?? null } : {}),
        ...(action === 'close' ? { closedAt: at } : {}),
      });
      const events: CaseEventInput[] = [
        { caseId: id, at: now, actor: by, type: ACTION_EVENT[action], fromStatus: c.status, toStatus: to, detail: stripUndefined(detail) },
      ];
      if (action === 'acknowledge' && !c.assignedAgent) {
        events.push({ caseId: id, at: now, actor: by, type: 'assigned', detail: { agent: by } });
      }
      await this.cases.addEvents(m, events);
    });
    return this.get(id);
  }

  async assign(id: string, agent: string, by: string): Promise<CaseDetail> {
    await this.mutate(id, async (m, c, now) => {
      if (c.status === 'closed') {
        throw new CallCentreException(CALL_CENTRE_ERROR.invalidTransition, 'a closed case cannot be assigned', {
          currentStatus: c.status,
          allowedTransitions: allowedTransitions(c.status),
        });
      }
      await this.cases.updateCase(m, id, { assignedAgent: agent, updatedAt: new Date(now) });
      await this.cases.addEvents(m, [{ caseId: id, at: now, actor: by, type: 'assigned', detail: { agent, previous: c.assignedAgent } }]);
    });
    return this.get(id);
  }

  async note(id: string, text: string, by: string): Promise<CaseDetail> {
    await this.mutate(id, async (m, _c, now) => {
      await this.cases.updateCase(m, id, { updatedAt: new Date(now) });
      await this.cases.addEvents(m, [{ caseId: id, at: now, actor: by, type: 'note', detail: { text } }]);
    });
    return this.get(id);
  }

  /** Escalates the cases unacknowledged past their SLA (each exactly once). */
  async escalateOverdue(): Promise<number> {
    const escalated = await this.cases.escalateOverdue(this.clock.now(), CALL_CENTRE_ACTORS.escalation);
    for (const e of escalated) this.logger.warn('case escalated: not acknowledged within its SLA', { caseId: e.caseId, priority: e.priority, slaDueAt: e.slaDueAt });
    return escalated.length;
  }

  private async mutate(id: string, fn: (m: Tx, c: CaseRow, now: number) => Promise<void>): Promise<void> {
    if (!UUID.test(id)) throw new CallCentreException(CALL_CENTRE_ERROR.caseNotFound, `case ${id} not found`);
    await this.db.transaction(async (m) => {
      const c = await this.cases.lockCase(m, id);
      if (!c) throw new CallCentreException(CALL_CENTRE_ERROR.caseNotFound, `case ${id} not found`);
      await fn(m, c, this.clock.now());
    });
  }

  private view(c: CaseRow): CaseView {
    return {
      ...c,
      overdue: c.status === 'new' && c.slaDueAt.getTime() <= this.clock.now(),
      allowedTransitions: allowedTransitions(c.status),
    };
  }
}

function stripUndefined(o: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Record<string, string>;
}
