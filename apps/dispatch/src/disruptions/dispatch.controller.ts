import { Controller, Get, Param, Query, UseFilters } from '@nestjs/common';
import { z } from 'zod';
import { VEHICLE_AVAILABILITY } from '@tsunagu/contracts';
import { RequireRoles, ZodValidationPipe } from '@tsunagu/platform';
import { DispatchExceptionFilter } from '../dispatch-exception.filter';
import type { VehicleEntity } from '../vehicles/vehicle.entity';
import type { AssignmentEntity } from './assignment.entity';
import type { DispatchRequestEntity } from './dispatch-request.entity';
import type { DisruptionEntity } from './disruption.entity';
import { DispatchService, type DisruptionDetail } from './dispatch.service';

const id = z.string().min(1).max(300);

export const disruptionsQuerySchema = z.object({ status: z.enum(['active', 'ended', 'all']).default('active') });
export const requestsQuerySchema = z.object({ disruptionId: id.optional(), status: z.enum(['open', 'closed']).optional() });
export const assignmentsQuerySchema = z.object({
  disruptionId: id.optional(),
  vehicleId: id.optional(),
  active: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
});
export const vehiclesQuerySchema = z.object({ availability: z.enum(VEHICLE_AVAILABILITY).optional() });

/** REST for dispatchers: disruptions (active by default), requests, assignments and the fleet as dispatch sees it. */
@Controller('dispatch')
@UseFilters(DispatchExceptionFilter)
@RequireRoles('dispatch', 'operator')
export class DispatchController {
  constructor(private readonly dispatch: DispatchService) {}

  @Get('disruptions')
  async disruptions(@Query(new ZodValidationPipe(disruptionsQuerySchema)) q: z.infer<typeof disruptionsQuerySchema>): Promise<{ items: DisruptionEntity[] }> {
    return { items: await this.dispatch.listDisruptions(q.status) };
  }

  @Get('disruptions/:id')
  disruption(@Param('id') disruptionId: string): Promise<DisruptionDetail> {
    return this.dispatch.getDisruption(disruptionId);
  }

  @Get('requests')
  async requests(@Query(new ZodValidationPipe(requestsQuerySchema)) q: z.infer<typeof requestsQuerySchema>): Promise<{ items: DispatchRequestEntity[] }> {
    return { items: await this.dispatch.listRequests(q) };
  }

  @Get('assignments')
  async assignments(@Query(new ZodValidationPipe(assignmentsQuerySchema)) q: z.infer<typeof assignmentsQuerySchema>): Promise<{ items: AssignmentEntity[] }> {
    return { items: await this.dispatch.listAssignments(q) };
  }

  @Get('vehicles')
  async vehicles(@Query(new ZodValidationPipe(vehiclesQuerySchema)) q: z.infer<typeof vehiclesQuerySchema>): Promise<{ items: VehicleEntity[] }> {
    return { items: await this.dispatch.listVehicles(q.availability) };
  }
}
