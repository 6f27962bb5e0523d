import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { z } from 'zod';
import { VEHICLE_AVAILABILITY } from '@tsunagu/contracts';
import { RequireRoles, ZodValidationPipe, type Page } from '@tsunagu/platform';
import { DISPATCH_ERROR, DispatchException } from '../dispatch.exception';
import type { AssignmentRow, DisruptionRow, RequestRow } from '../dispatch.tables';
import { DispatchService, type AssignmentLineage, type DisruptionDetail, type VehicleView } from './dispatch.service';

const id = z.string().min(1).max(300);

/** `page` counts from 1; every list answers `{ items, page, pageSize, total }`. */
const pageFields = {
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(100),
};

export const disruptionsQuerySchema = z.object({ status: z.enum(['active', 'ended', 'all']).default('active'), ...pageFields });
export const requestsQuerySchema = z.object({ disruptionId: id.optional(), status: z.enum(['open', 'closed']).optional(), ...pageFields });
export const assignmentsQuerySchema = z.object({
  disruptionId: id.optional(),
  vehicleId: id.optional(),
  active: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  ...pageFields,
});
export const closeRequestSchema = z.object({ by: z.string().min(1).max(100), note: z.string().max(2000).optional() });
export const vehiclesQuerySchema = z.object({ availability: z.enum(VEHICLE_AVAILABILITY).optional(), ...pageFields });

/** Assignment ids are bigserial: anything else cannot exist (404 like any unknown id). */
const ASSIGNMENT_ID = /^[1-9][0-9]{0,17}$/;

/** REST for dispatchers: disruptions (active by default), requests (and closing one by hand), assignments and the fleet as dispatch sees it. */
@Controller('dispatch')
@RequireRoles('dispatch', 'operator')
export class DispatchController {
  constructor(private readonly dispatch: DispatchService) {}

  @Get('disruptions')
  @RequireRoles('dispatch', 'operator')
  async disruptions(@Query(new ZodValidationPipe(disruptionsQuerySchema)) q: z.infer<typeof disruptionsQuerySchema>): Promise<Page<DisruptionRow>> {
    return { ...(await this.dispatch.listDisruptions(q)), page: q.page, pageSize: q.pageSize };
  }

  @Get('disruptions/:id')
  @RequireRoles('dispatch', 'operator')
  disruption(@Param('id') disruptionId: string): Promise<DisruptionDetail> {
    return this.dispatch.getDisruption(disruptionId);
  }

  @Get('requests')
  @RequireRoles('dispatch', 'operator')
  async requests(@Query(new ZodValidationPipe(requestsQuerySchema)) q: z.infer<typeof requestsQuerySchema>): Promise<Page<RequestRow>> {
    return { ...(await this.dispatch.listRequests(q)), page: q.page, pageSize: q.pageSize };
  }

  /** A dispatcher closes an open request by hand: its vehicles are released and go to other open requests; 409 when it is closed already. */
  @Post('requests/:id/close')
  @HttpCode(200)
  @RequireRoles('dispatch')
  close(@Param('id') requestId: string, @Body(new ZodValidationPipe(closeRequestSchema)) body: z.infer<typeof closeRequestSchema>): Promise<RequestRow> {
    return this.dispatch.closeRequest(requestId, body.by, body.note);
  }

  @Get('assignments')
  @RequireRoles('dispatch', 'operator')
  async assignments(@Query(new ZodValidationPipe(assignmentsQuerySchema)) q: z.infer<typeof assignmentsQuerySchema>): Promise<Page<AssignmentRow>> {
    return { ...(await this.dispatch.listAssignments(q)), page: q.page, pageSize: q.pageSize };
  }

  /** The chain back to the raw input: the record it was made after, its disruption's records on Kafka and the tweets behind them. */
  @Get('assignments/:id/lineage')
  @RequireRoles('dispatch', 'operator')
  lineage(@Param('id') assignmentId: string): Promise<AssignmentLineage> {
    if (!ASSIGNMENT_ID.test(assignmentId)) throw new DispatchException(DISPATCH_ERROR.assignmentNotFound, `assignment ${assignmentId} not found`);
    return this.dispatch.lineage(assignmentId);
  }

  /** Each vehicle with `dispatchable` and, when false, `reason`: availability | stale-position | assigned (and `positionAgeMs`). */
  @Get('vehicles')
  @RequireRoles('dispatch', 'operator')
  async vehicles(@Query(new ZodValidationPipe(vehiclesQuerySchema)) q: z.infer<typeof vehiclesQuerySchema>): Promise<Page<VehicleView>> {
    return { ...(await this.dispatch.listVehicles(q)), page: q.page, pageSize: q.pageSize };
  }
}
