import { TOPICS } from '@tsunagu/contracts';
import { serviceModuleClass, serviceOptions, serviceDefinition } from '@tsunagu/platform';
import { maintenanceEnv, maintenanceOptionsFromEnv, type MaintenanceOptions } from './maintenance.config';
import { MAINTENANCE_OPTIONS } from './maintenance.constants';
import { MAINTENANCE_TABLES } from './maintenance.tables';
import { MachinesController } from './machines/machines.controller';
import { MachinesRepository } from './machines/machines.repository';
import { MachinesService } from './machines/machines.service';
import { MaintenanceInit1764600000000 } from './migrations/1764600000000-maintenance-init';
import { MaintenanceLineage1765000000100 } from './migrations/1765000000100-maintenance-kernel';
import { FindingsConsumer } from './work-orders/findings.consumer';
import { WorkOrdersController } from './work-orders/work-orders.controller';
import { WorkOrdersRepository } from './work-orders/work-orders.repository';
import { WorkOrdersService } from './work-orders/work-orders.service';

/** Maintenance as the kernel builds it: schema, tables, options, consumer, topics, HTTP. */
export const MAINTENANCE_SERVICE = serviceDefinition<MaintenanceOptions>({
  name: 'maintenance',
  migrations: [MaintenanceInit1764600000000, MaintenanceLineage1765000000100],
  tables: MAINTENANCE_TABLES,
  options: serviceOptions(MAINTENANCE_OPTIONS, maintenanceEnv, maintenanceOptionsFromEnv),
  consumers: [FindingsConsumer],
  produces: [TOPICS.workOrderClosed],
  controllers: [WorkOrdersController, MachinesController],
  providers: [WorkOrdersRepository, MachinesRepository, WorkOrdersService, MachinesService],
  exports: [WorkOrdersService, MachinesService],
});

/**
 * Maintenance management (pair 1's system of record): work orders from
 * maintenance findings, their lifecycle, the machine registry and service history.
 */
export const MaintenanceModule = serviceModuleClass('MaintenanceModule', MAINTENANCE_SERVICE);
