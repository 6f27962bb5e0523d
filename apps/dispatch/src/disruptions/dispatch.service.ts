import { Inject, Injectable } from '@nestjs/common';
import type { TransitDisruptionV1, VehicleStateV1 } from '@tsunagu/contracts';
import { planAssignments, vehicleDispatchability, type Dispatchability, type DispatchabilityRules } from '@tsunagu/dispatch';
import { createLogger, lineageOf, PLATFORM_TOKENS, retryingUniqueViolations, type Clock, type Delivery, type Lineage, type Tx } from '@tsunagu/platform';
import type { DispatchOptions } from '../dispatch.config';
import { DISPATCH, DISPATCH_OPTIONS, DISPATCHABLE_AVAILABILITY } from '../dispatch.constants';
import { DISPATCH_ERROR, DispatchException } from '../dispatch.exception';
import type { AssignmentRow, DisruptionRow, RequestRow, VehicleRow } from '../dispatch.tables';
import { DispatchRepository, type Page, type PageRequest, type Shortfall } from './dispatch.repository';

export interface DisruptionOutcome {
  started: number;
  ended: number;
  assigned: number;
  released: number;
}

/** A consumed record as the service needs it: its value and where it came from. */
type Consumed<V> = Pick<Delivery<V>, 'value' | 'message'>;

/** A vehicle as dispatch sees it: can it take a new request now, and if not, why. */
export interface VehicleView extends VehicleRow, Dispatchability {
  /** the request it serves now, if any */
  readonly activeRequestId: string | null;
}

/** Requests and assignments of one disruption are few (≤ stations × vehicles per station, plus released ones). */
const DETAIL_ROWS: PageRequest = { page: 1, pageSize: 1000 };

export interface DisruptionDetail extends DisruptionRow {
  readonly requests: ReadonlyArray<RequestRow & { readonly assignments: readonly AssignmentRow[] }>;
}

/** Why an assignment exists, back to the tweets (see `DispatchService.lineage`). */
export interface AssignmentLineage {
  readonly assignment: Pick<AssignmentRow, 'assignmentId' | 'requestId' | 'vehicleId' | 'distanceM' | 'assignedAt' | 'releasedAt' | 'releaseReason'>;
  /** the consumed record after which dispatch made it (a disruption change or a vehicle's state) and that record's cause */
  readonly trigger: Lineage | null;
  readonly disruption: {
    readonly disruptionId: string;
    readonly lineId: string;
    readonly status: DisruptionRow['status'];
    /** the station the assignment's request is for */
    readonly stationId: string;
    /** the `started` record on Kafka, and the tweet whose arrival made tweet analysis emit it */
    readonly started: Lineage | null;
    /** the `ended` record, and what made tweet analysis emit it (a tweet, or its quiet-lines job) */
    readonly ended: Lineage | null;
    /** the tweets tweet analysis quoted as the disruption's evidence */
    readonly sampleTweetIds: readonly string[];
  };
}

/**
 * Vehicle dispatch (pair 4's system of record). A started disruption opens one
 * request per affected station; open requests get the nearest dispatchable free
 * vehicles (great-circle distance from their latest positions); an ended
 * disruption closes its requests and releases its vehicles, which may then serve
 * other open requests. Everything happens in the consumer's transaction (with
 * the offset and, for disruption events, the event id, so each is applied once);
 * disruptions and assignments keep the lineage of the records behind them.
 */
@Injectable()
export class DispatchService {
  private readonly logger = createLogger('dispatch');

  private readonly rules: DispatchabilityRules;

  constructor(
    private readonly repo: DispatchRepository,
    @Inject(DISPATCH_OPTIONS) private readonly options: DispatchOptions,
    @Inject(PLATFORM_TOKENS.clock) private readonly clock: Clock,
  ) {
    this.rules = { dispatchableAvailability: DISPATCHABLE_AVAILABILITY, maxPositionAgeMs: options.maxPositionAgeMs };
  }

  /** Applies new disruption events of a partition batch, in order. */
  async recordDisruptions(tx: Tx, deliveries: ReadonlyArray<Consumed<TransitDisruptionV1>>): Promise<DisruptionOutcome> {
    const outcome: DisruptionOutcome = { started: 0, ended: 0, assigned: 0, released: 0 };
    if (deliveries.length === 0) return outcome;
    return retryingConflicts(async () => {
      const startedHere = new Map<string, Lineage>();
      for (const d of deliveries) {
        const lineage = lineageOf(d);
        if (d.value.status === 'started') {
          await this.repo.insertStarted(tx, d.value, this.options.vehiclesPerStation, lineage);
          startedHere.set(d.value.disruptionId, lineage);
          outcome.started++;
        } else {
          outcome.released += (await this.repo.recordEnded(tx, d.value, lineage)).released;
          outcome.ended++;
        }
      }
      // an assignment follows its disruption's start when that is in the batch, else the batch's latest event
      const latest = lineageOf(deliveries[deliveries.length - 1]!);
      outcome.assigned = await this.assignOpenRequests(tx, (r) => startedHere.get(r.disruptionId) ?? latest);
      this.logger.info('disruptions recorded', { ...outcome });
      return outcome;
    });
  }

  /** Records the latest vehicle states; vehicles that became unavailable are released and replaced. */
  async recordVehicleStates(tx: Tx, deliveries: ReadonlyArray<Consumed<VehicleStateV1>>): Promise<{ released: number; assigned: number }> {
    if (deliveries.length === 0) return { released: 0, assigned: 0 };
    return retryingConflicts(async () => {
      const states = deliveries.map((d) => d.value);
      await this.repo.upsertVehicles(tx, states);
      const unavailable = [...new Set(states.filter((s) => !isDispatchable(s.availability)).map((s) => s.vehicleId))];
      const released = await this.repo.releaseUnavailable(tx, unavailable);
      // an assignment follows the state of its vehicle when that is in the batch (it became free or fresh), else the batch's latest
      const byVehicle = new Map(deliveries.map((d) => [d.value.vehicleId, lineageOf(d)]));
      const latest = lineageOf(deliveries[deliveries.length - 1]!);
      const assigned = await this.assignOpenRequests(tx, (_r, vehicleId) => byVehicle.get(vehicleId) ?? latest);
      return { released, assigned };
    });
  }

  /**
   * A dispatcher closes an open request (the station needs no more vehicles): its
   * vehicles are released and may serve the other open requests at once. A request
   * that is already closed answers 409 (nothing is allowed from there).
   */
  async closeRequest(id: string, by: string, note: string | undefined): Promise<RequestRow> {
    const outcome = await this.repo.transaction((tx) =>
      retryingConflicts(async () => {
        const request = await this.repo.lockRequest(tx, id);
        if (!request) throw new DispatchException(DISPATCH_ERROR.requestNotFound, `request ${id} not found`);
        if (request.status !== 'open') {
          throw new DispatchException(DISPATCH_ERROR.invalidTransition, `a ${request.status} request cannot be closed`, { currentStatus: request.status, requested: 'closed', allowedTransitions: [] });
        }
        const released = await this.repo.closeRequest(tx, id, by, note ?? null);
        const trigger: Lineage = { record: { topic: DISPATCH.requestClosedTrigger }, source: null };
        return { released, assigned: await this.assignOpenRequests(tx, () => trigger) };
      }),
    );
    this.logger.info('request closed by hand', { requestId: id, by, ...outcome });
    return (await this.repo.findRequest(id))!;
  }

  /**
   * Fills open requests with the nearest free vehicles. A vehicle whose last
   * position is older than `maxPositionAgeMs` (wall clock) is left out: where it
   * is now is unknown. The advisory lock makes one assignment run at a time; the
   * partial unique index on active assignments guards the rule even if that were
   * bypassed. Each assignment stores the lineage `triggerOf` names.
   */
  private async assignOpenRequests(tx: Tx, triggerOf: (request: Shortfall, vehicleId: string) => Lineage): Promise<number> {
    await this.repo.lockAssignment(tx);
    const open = await this.repo.shortfalls(tx);
    if (open.length === 0) return 0;
    const now = this.clock.now();
    const free = await this.repo.freeVehicles(tx);
    const vehicles = free.filter((v) => vehicleDispatchability({ availability: v.availability, ts: v.ts, assigned: false }, now, this.rules).dispatchable);
    const requests = new Map(open.map((r) => [r.requestId, r]));
    const plan = planAssignments(open, vehicles, this.options.maxDistanceM).map((p) => ({ ...p, lineage: triggerOf(requests.get(p.requestId)!, p.vehicleId) }));
    await this.repo.insertAssignments(tx, plan);
    if (plan.length > 0 || vehicles.length < free.length) {
      this.logger.info('vehicles assigned', { assignments: plan.length, openRequests: open.length, stalePositions: free.length - vehicles.length });
    }
    return plan.length;
  }

  listDisruptions(filter: { status: 'active' | 'ended' | 'all' } & PageRequest): Promise<Page<DisruptionRow>> {
    return this.repo.listDisruptions(filter);
  }

  async getDisruption(id: string): Promise<DisruptionDetail> {
    const disruption = await this.repo.findDisruption(id);
    if (!disruption) throw new DispatchException(DISPATCH_ERROR.disruptionNotFound, `disruption ${id} not found`);
    const [requests, assignments] = await Promise.all([
      this.repo.listRequests({ disruptionId: id, ...DETAIL_ROWS }),
      this.repo.listAssignments({ disruptionId: id, ...DETAIL_ROWS }),
    ]);
    return {
      ...disruption,
      requests: requests.items.map((r) => ({ ...r, assignments: assignments.items.filter((a) => a.requestId === r.requestId) })),
    };
  }

  /**
   * Why an assignment exists, back to the raw input: the record it was made
   * after, its disruption's `started` (and `ended`) record on Kafka with the
   * tweet that made tweet analysis emit it (the record's lineage headers), and
   * the sample tweets the disruption carries.
   */
  async lineage(assignmentId: string): Promise<AssignmentLineage> {
    const assignment = await this.repo.findAssignment(assignmentId);
    if (!assignment) throw new DispatchException(DISPATCH_ERROR.assignmentNotFound, `assignment ${assignmentId} not found`);
    const request = (await this.repo.findRequest(assignment.requestId))!;
    const disruption = (await this.repo.findDisruption(request.disruptionId))!;
    const { lineage, ...summary } = assignment;
    return {
      assignment: summary,
      trigger: lineage,
      disruption: {
        disruptionId: disruption.disruptionId,
        lineId: disruption.lineId,
        status: disruption.status,
        stationId: request.stationId,
        started: disruption.lineage,
        ended: disruption.endedLineage,
        sampleTweetIds: disruption.sampleTweets.map((t) => t.id),
      },
    };
  }

  listRequests(filter: { disruptionId?: string; status?: 'open' | 'closed' } & PageRequest): Promise<Page<RequestRow>> {
    return this.repo.listRequests(filter);
  }

  listAssignments(filter: { disruptionId?: string; vehicleId?: string; active?: boolean } & PageRequest): Promise<Page<AssignmentRow>> {
    return this.repo.listAssignments(filter);
  }

  /** Every vehicle with whether it can be sent now and, if not, why (availability, stale position, assigned). */
  async listVehicles(filter: { availability?: VehicleRow['availability'] } & PageRequest): Promise<Page<VehicleView>> {
    const page = await this.repo.listVehicles(filter);
    const now = this.clock.now();
    return {
      total: page.total,
      items: page.items.map((v) => ({ ...v, ...vehicleDispatchability({ availability: v.availability, ts: v.ts, assigned: v.activeRequestId !== null }, now, this.rules) })),
    };
  }
}

/** A vehicle taken concurrently (another instance, a rebalance) fails the unique index: the batch is retried and the next plan will not choose it. */
function retryingConflicts<R>(work: () => Promise<R>): Promise<R> {
  return retryingUniqueViolations('vehicle assigned concurrently', work);
}

function isDispatchable(availability: VehicleStateV1['availability']): boolean {
  return (DISPATCHABLE_AVAILABILITY as readonly string[]).includes(availability);
}
