import { Controller, Get, NotFoundException, Param, Query } from '@nestjs/common';
import { z } from 'zod';
import { VEHICLE_AVAILABILITY } from '@tsunagu/contracts';
import { RequireRoles, ZodValidationPipe } from '@tsunagu/platform';
import { VehicleMonitoringRepository } from '../monitoring/vehicle-monitoring.repository';
import type { VehicleRow } from '../vehicle-monitoring.tables';

/** A vehicle as the dashboards read it: its latest report, without the detectors' state. */
export interface VehicleSummary {
  readonly vehicleId: string;
  readonly model: string;
  readonly availability: VehicleRow['availability'];
  readonly position: { lat: number; lon: number };
  readonly headingDeg: number;
  readonly speedKmh: number;
  /** reading time of the latest report */
  readonly lastReportAt: number;
  readonly lastSeq: number;
}

function summaryOf(v: VehicleRow): VehicleSummary {
  return {
    vehicleId: v.vehicleId,
    model: v.model,
    availability: v.availability,
    position: { lat: v.lat, lon: v.lon },
    headingDeg: v.headingDeg,
    speedKmh: v.speedKmh,
    lastReportAt: v.lastTs,
    lastSeq: v.lastSeq,
  };
}

export const vehicleListQuerySchema = z.object({
  availability: z.enum(VEHICLE_AVAILABILITY).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(100),
});

/** Latest position and availability of the fleet, for dashboards (dispatch reads the compacted topic). */
@Controller('vehicle-monitoring/vehicles')
export class VehiclesController {
  constructor(private readonly repository: VehicleMonitoringRepository) {}

  @Get()
  @RequireRoles('operator', 'dispatch', 'callcentre')
  async list(@Query(new ZodValidationPipe(vehicleListQuerySchema)) q: z.infer<typeof vehicleListQuerySchema>): Promise<{
    items: VehicleSummary[];
    page: number;
    pageSize: number;
    total: number;
  }> {
    const { items, total } = await this.repository.list({ availability: q.availability, limit: q.pageSize, offset: (q.page - 1) * q.pageSize });
    return { items: items.map(summaryOf), page: q.page, pageSize: q.pageSize, total };
  }

  /** One vehicle with what the detectors currently hold (active codes, open trip, episodes). */
  @Get(':vehicleId')
  @RequireRoles('operator', 'dispatch', 'callcentre')
  async get(@Param('vehicleId') vehicleId: string): Promise<VehicleSummary & { activeDtcs: string[]; tripStartedAt: number | null; overheating: boolean; inCrash: boolean }> {
    const found = await this.repository.find(vehicleId);
    if (!found) throw new NotFoundException(`vehicle ${vehicleId} not found`);
    const { state } = found;
    return {
      ...summaryOf(found),
      activeDtcs: Object.keys(state.dtcs).sort(),
      tripStartedAt: state.harsh.trip?.startTs ?? null,
      overheating: state.overheat.active,
      inCrash: state.crash.active,
    };
  }
}
