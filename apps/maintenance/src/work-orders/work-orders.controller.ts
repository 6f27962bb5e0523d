import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Req } from '@nestjs/common';
import type { Request } from 'express';
import { listPage, RequireRoles, ZodValidationPipe, type Page } from '@tsunagu/platform';
import { MAINTENANCE_ERROR, MaintenanceException } from '../maintenance.exception';
import type { MaintenanceOptions } from '../maintenance.config';
import { MAINTENANCE_OPTIONS } from '../maintenance.constants';
import type { WorkOrderRow } from '../maintenance.tables';
import { listWorkOrdersQuerySchema, transitionBodySchema, type ListWorkOrdersQuery, type TransitionBody } from './work-orders.schemas';
import { WorkOrdersService, type WorkOrderDetail, type WorkOrderLineage } from './work-orders.service';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A work-order id that is not a UUID cannot exist: 404 like any unknown id. */
export function workOrderId(id: string): string {
  if (!UUID.test(id)) throw new MaintenanceException(MAINTENANCE_ERROR.workOrderNotFound, `work order ${id} not found`);
  return id;
}

/** Work orders for maintenance operators. */
@Controller('work-orders')
export class WorkOrdersController {
  constructor(
    private readonly workOrders: WorkOrdersService,
    @Inject(MAINTENANCE_OPTIONS) private readonly options: MaintenanceOptions,
  ) {}

  /** Filter by status / severity (comma-separated), machine and site; most severe and most recent first. */
  @Get()
  @RequireRoles('maintenance', 'operator')
  list(@Query(new ZodValidationPipe(listWorkOrdersQuerySchema)) query: ListWorkOrdersQuery): Promise<Page<WorkOrderRow>> {
    return listPage(query, this.options.defaultPageSize, (q) => this.workOrders.list(q));
  }

  /** One work order with its evidence timeline and status history. */
  @Get(':id')
  @RequireRoles('maintenance', 'operator')
  get(@Param('id') id: string): Promise<WorkOrderDetail> {
    return this.workOrders.get(workOrderId(id));
  }

  /** The chain back to the raw input: findings, their Kafka records, the readings behind them. */
  @Get(':id/lineage')
  @RequireRoles('maintenance', 'operator')
  lineage(@Param('id') id: string): Promise<WorkOrderLineage> {
    return this.workOrders.lineage(workOrderId(id));
  }

  /** open → scheduled → in_progress → done, or cancelled; 409 names the allowed transitions. */
  @Post(':id/transitions')
  @HttpCode(200)
  @RequireRoles('maintenance')
  transition(
    @Param('id') id: string,
    @Body(new ZodValidationPipe(transitionBodySchema)) body: TransitionBody,
    @Req() req: Request & { role?: string },
  ): Promise<WorkOrderRow> {
    return this.workOrders.transition(workOrderId(id), {
      status: body.status,
      by: body.by,
      role: req.role ?? null,
      note: body.note,
      assignee: body.assignee,
      scheduledFor: body.scheduledFor ? new Date(body.scheduledFor) : undefined,
      engineHours: body.engineHours,
    });
  }
}
