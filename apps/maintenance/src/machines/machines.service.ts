import { Injectable } from '@nestjs/common';
import { MAINTENANCE_ERROR, MaintenanceException } from '../maintenance.exception';
import type { MachineRow, ServiceRecordRow, WorkOrderRow } from '../maintenance.tables';
import { WorkOrdersService } from '../work-orders/work-orders.service';
import { MachinesRepository } from './machines.repository';


export interface MachineHistory {
  readonly machine: MachineRow;
  readonly serviceHistory: readonly ServiceRecordRow[];
  readonly workOrders: readonly WorkOrderRow[];
}

/** The machine registry and each machine's history (service records and work orders). */
@Injectable()
export class MachinesService {
  constructor(
    private readonly machines: MachinesRepository,
    private readonly workOrders: WorkOrdersService,
  ) {}

  register(machineId: string, body: { model: string; site?: string; engineHours?: number }): Promise<{ machine: MachineRow; created: boolean }> {
    return this.machines.register({ machineId, model: body.model, site: body.site ?? null, engineHours: body.engineHours ?? null });
  }

  list(filter: { site?: string; page: number; pageSize: number }): Promise<{ items: MachineRow[]; total: number }> {
    return this.machines.list(filter);
  }

  async history(machineId: string): Promise<MachineHistory> {
    const machine = await this.require(machineId);
    const [serviceHistory, workOrders] = await Promise.all([this.machines.serviceHistory(machineId), this.workOrders.listByMachine(machineId)]);
    return { machine, serviceHistory, workOrders };
  }

  async addServiceRecord(
    machineId: string,
    body: { task: string; by: string; engineHours?: number; performedAt?: string; note?: string },
  ): Promise<ServiceRecordRow> {
    await this.require(machineId);
    return this.machines.addServiceRecord({
      machineId,
      workOrderId: null,
      task: body.task,
      engineHours: body.engineHours ?? null,
      performedAt: body.performedAt ? new Date(body.performedAt) : new Date(),
      performedBy: body.by,
      note: body.note ?? null,
    });
  }

  private async require(machineId: string): Promise<MachineRow> {
    const machine = await this.machines.findById(machineId);
    if (!machine) throw new MaintenanceException(MAINTENANCE_ERROR.machineNotFound, `machine ${machineId} not found`);
    return machine;
  }
}
