import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { TransitDisruptionV1, VehicleStateV1 } from '@tsunagu/contracts';
import { createLogger, TransientError } from '@tsunagu/platform';
import { planAssignments, vehicleDispatchability, type Dispatchability, type DispatchabilityRules } from '@tsunagu/dispatch';
import type { DispatchOptions } from '../dispatch.config';
import { DISPATCH_TOKENS, DISPATCHABLE_AVAILABILITY, type Clock } from '../dispatch.constants';
import { DISPATCH_ERROR, DispatchException } from '../dispatch.exception';
import type { VehicleEntity } from '../vehicles/vehicle.entity';
import type { AssignmentEntity } from './assignment.entity';
import type { DispatchRequestEntity } from './dispatch-request.entity';
import type { DisruptionEntity } from './disruption.entity';
import { DispatchRepository, type Page, type PageRequest } from './dispatch.repository';

export interface DisruptionOutcome {
  started: number;
  ended: number;
  duplicates: number;
  assigned: number;
  released: number;
}

/** A vehicle as dispatch sees it: can it take a new request now, and if not, why. */
export interface VehicleView extends VehicleEntity, Dispatchability {
  /** the request it serves now, if any */
  readonly activeRequestId: string | null;
}

/** Requests and assignments of one disruption are few (≤ stations × vehicles per station, plus released ones). */
const DETAIL_ROWS: PageRequest = { page: 1, pageSize: 1000 };

export interface DisruptionDetail extends DisruptionEntity {
  readonly requests: ReadonlyArray<DispatchRequestEntity & { readonly assignments: readonly AssignmentEntity[] }>;
}

const UNIQUE_VIOLATION = '23505';

/**
 * Vehicle dispatch (pair 4's system of record). A started disruption opens one
 * request per affected station; open requests get the nearest dispatchable free
 * vehicles (great-circle distance from their latest positions); an ended
 * disruption closes its requests and releases its vehicles, which may then serve
 * other open requests. Every event is applied once (its id is remembered in the
 * same transaction as its effect).
 */
@Injectable()
export class DispatchService {
  private readonly logger = createLogger('dispatch');

  private readonly rules: DispatchabilityRules;

  constructor(
    private readonly repo: DispatchRepository,
    @Inject(DISPATCH_TOKENS.options) private readonly options: DispatchOptions,
    @Inject(DISPATCH_TOKENS.clock) private readonly clock: Clock,
  ) {
    this.rules = { dispatchableAvailability: DISPATCHABLE_AVAILABILITY, maxPositionAgeMs: options.maxPositionAgeMs };
  }

  /** Applies a partition batch of disruption events, in order, in one transaction. */
  async recordDisruptions(events: readonly TransitDisruptionV1[]): Promise<DisruptionOutcome> {
    return this.inTransaction(async (m) => {
      const outcome: DisruptionOutcome = { started: 0, ended: 0, duplicates: 0, assigned: 0, released: 0 };
      for (const e of events) {
        if (!(await this.repo.markProcessed(m, `${e.disruptionId}:${e.status}`))) {
          outcome.duplicates++;
          continue;
        }
        if (e.status === 'started') {
          await this.repo.insertStarted(m, e, this.options.vehiclesPerStation);
          outcome.started++;
        } else {
          outcome.released += (await this.repo.recordEnded(m, e)).released;
          outcome.ended++;
        }
      }
      if (outcome.started + outcome.ended > 0) outcome.assigned = await this.assignOpenRequests(m);
      if (outcome.started + outcome.ended > 0) this.logger.info('disruptions recorded', { ...outcome });
      return outcome;
    });
  }

  /** Records the latest vehicle states; vehicles that became unavailable are released and replaced. */
  async recordVehicleStates(states: readonly VehicleStateV1[]): Promise<{ released: number; assigned: number }> {
    return this.inTransaction(async (m) => {
      await this.repo.upsertVehicles(m, states);
      const unavailable = [...new Set(states.filter((s) => !isDispatchable(s.availability)).map((s) => s.vehicleId))];
      const released = await this.repo.releaseUnavailable(m, unavailable);
      const assigned = await this.assignOpenRequests(m);
      return { released, assigned };
    });
  }

  /**
   * Fills open requests with the nearest free vehicles. A vehicle whose last
   * position is older than `maxPositionAgeMs` (wall clock) is left out: where it
   * is now is unknown. The advisory lock makes one assignment run at a time; the
   * partial unique index on active assignments guards the rule even if that were bypassed.
   */
  private async assignOpenRequests(m: EntityManager): Promise<number> {
    await this.repo.lockAssignment(m);
    const open = await this.repo.shortfalls(m);
    if (open.length === 0) return 0;
    const now = this.clock.now();
    const free = await this.repo.freeVehicles(m);
    const vehicles = free.filter((v) => vehicleDispatchability({ availability: v.availability, ts: v.ts, assigned: false }, now, this.rules).dispatchable);
    const plan = planAssignments(open, vehicles, this.options.maxDistanceM);
    await this.repo.insertAssignments(m, plan);
    if (plan.length > 0 || vehicles.length < free.length) {
      this.logger.info('vehicles assigned', { assignments: plan.length, openRequests: open.length, stalePositions: free.length - vehicles.length });
    }
    return plan.length;
  }

  private async inTransaction<R>(fn: (m: EntityManager) => Promise<R>): Promise<R> {
    try {
      return await this.repo.transaction(fn);
    } catch (err) {
      // a vehicle taken concurrently: retry the batch, the next plan will not choose it
      if ((err as { code?: string }).code === UNIQUE_VIOLATION) throw new TransientError('vehicle assigned concurrently', err);
      throw err;
    }
  }

  listDisruptions(filter: { status: 'active' | 'ended' | 'all' } & PageRequest): Promise<Page<DisruptionEntity>> {
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

  listRequests(filter: { disruptionId?: string; status?: 'open' | 'closed' } & PageRequest): Promise<Page<DispatchRequestEntity>> {
    return this.repo.listRequests(filter);
  }

  listAssignments(filter: { disruptionId?: string; vehicleId?: string; active?: boolean } & PageRequest): Promise<Page<AssignmentEntity>> {
    return this.repo.listAssignments(filter);
  }

  /** Every vehicle with whether it can be sent now and, if not, why (availability, stale position, assigned). */
  async listVehicles(filter: { availability?: VehicleEntity['availability'] } & PageRequest): Promise<Page<VehicleView>> {
    const page = await this.repo.listVehicles(filter);
    const now = this.clock.now();
    return {
      total: page.total,
      items: page.items.map((v) => ({ ...v, ...vehicleDispatchability({ availability: v.availability, ts: v.ts, assigned: v.activeRequestId !== null }, now, this.rules) })),
    };
  }
}

function isDispatchable(availability: VehicleStateV1['availability']): boolean {
  return (DISPATCHABLE_AVAILABILITY as readonly string[]).includes(availability);
}
