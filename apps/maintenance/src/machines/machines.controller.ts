import { Body, Controller, Get, Inject, Param, Post, Put, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { DEVICE_ID_PATTERN } from '@tsunagu/contracts';
import { listPage, RequireRoles, ZodValidationPipe, type Page } from '@tsunagu/platform';
import { MAINTENANCE_ERROR, MaintenanceException } from '../maintenance.exception';
import type { MaintenanceOptions } from '../maintenance.config';
import { MAINTENANCE_OPTIONS } from '../maintenance.constants';
import type { MachineRow, ServiceRecordRow } from '../maintenance.tables';
import {
  listMachinesQuerySchema,
  registerMachineBodySchema,
  serviceRecordBodySchema,
  type ListMachinesQuery,
  type RegisterMachineBody,
  type ServiceRecordBody,
} from './machines.schemas';
import { MachinesService, type MachineHistory } from './machines.service';

/** A machine id is a device id; anything else cannot be a known machine. */
function machineId(id: string): string {
  if (!DEVICE_ID_PATTERN.test(id)) throw new MaintenanceException(MAINTENANCE_ERROR.machineNotFound, `machine ${id} not found`);
  return id;
}

/** The machine registry and each machine's service history. */
@Controller('machines')
export class MachinesController {
  constructor(
    private readonly machines: MachinesService,
    @Inject(MAINTENANCE_OPTIONS) private readonly options: MaintenanceOptions,
  ) {}

  @Get()
  @RequireRoles('maintenance', 'operator')
  list(@Query(new ZodValidationPipe(listMachinesQuerySchema)) query: ListMachinesQuery): Promise<Page<MachineRow>> {
    return listPage(query, this.options.defaultPageSize, (q) => this.machines.list(q));
  }

  /** Registers a machine (or updates its model and site): 201 when new, 200 when updated. */
  @Put(':machineId')
  @RequireRoles('maintenance')
  async register(
    @Param('machineId') id: string,
    @Body(new ZodValidationPipe(registerMachineBodySchema)) body: RegisterMachineBody,
    @Res({ passthrough: true }) res: Response,
  ): Promise<MachineRow> {
    const { machine, created } = await this.machines.register(machineId(id), body);
    res.status(created ? 201 : 200);
    return machine;
  }

  /** The machine with its service history and work orders. */
  @Get(':machineId')
  @RequireRoles('maintenance', 'operator')
  history(@Param('machineId') id: string): Promise<MachineHistory> {
    return this.machines.history(machineId(id));
  }

  /** Records service work done outside a work order. */
  @Post(':machineId/service-records')
  @RequireRoles('maintenance')
  addServiceRecord(
    @Param('machineId') id: string,
    @Body(new ZodValidationPipe(serviceRecordBodySchema)) body: ServiceRecordBody,
  ): Promise<ServiceRecordRow> {
    return this.machines.addServiceRecord(machineId(id), body);
  }
}
