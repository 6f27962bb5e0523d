import { Inject, Injectable, Module, type DynamicModule } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { openServiceDataSource, PLATFORM_TOKENS, ServiceDatabase, type HealthRegistry } from '@tsunagu/platform';
import { maintenanceOptionsFromEnv, type MaintenanceOptions } from './maintenance.config';
import { MAINTENANCE_SCHEMA, MAINTENANCE_TOKENS } from './maintenance.constants';
import { MachineEntity } from './machines/machine.entity';
import { MachinesController } from './machines/machines.controller';
import { MachinesRepository } from './machines/machines.repository';
import { MachinesService } from './machines/machines.service';
import { ServiceRecordEntity } from './machines/service-record.entity';
import { MaintenanceInit1764600000000 } from './migrations/1764600000000-maintenance-init';
import { FindingsConsumer } from './work-orders/findings.consumer';
import { WorkOrderEventEntity } from './work-orders/work-order-event.entity';
import { WorkOrderFindingEntity } from './work-orders/work-order-finding.entity';
import { WorkOrderEntity } from './work-orders/work-order.entity';
import { WorkOrdersController } from './work-orders/work-orders.controller';
import { WorkOrdersRepository } from './work-orders/work-orders.repository';
import { WorkOrdersService } from './work-orders/work-orders.service';

/** Probes the schema for /health and closes the pool after the consumers stopped (see ServiceDatabase). */
@Injectable()
class MaintenanceDatabase extends ServiceDatabase {
  constructor(@Inject(MAINTENANCE_TOKENS.dataSource) dataSource: DataSource, @Inject(PLATFORM_TOKENS.health) health: HealthRegistry) {
    super(dataSource, MAINTENANCE_SCHEMA);
    health.register('maintenance-db', () => this.ping());
  }
}

/**
 * Maintenance management (pair 1's system of record): work orders from
 * maintenance findings, their lifecycle, the machine registry and service history.
 * Relies only on the platform core's providers, so it mounts in the all-in-one process.
 */
@Module({})
export class MaintenanceModule {
  static register(options: Partial<MaintenanceOptions> = {}): DynamicModule {
    return {
      module: MaintenanceModule,
      controllers: [WorkOrdersController, MachinesController],
      providers: [
        { provide: MAINTENANCE_TOKENS.options, useFactory: (): MaintenanceOptions => ({ ...maintenanceOptionsFromEnv(), ...options }) },
        {
          provide: MAINTENANCE_TOKENS.dataSource,
          inject: [PLATFORM_TOKENS.databaseUrl],
          useFactory: (url: string) =>
            openServiceDataSource({
              url,
              schema: MAINTENANCE_SCHEMA,
              entities: [MachineEntity, ServiceRecordEntity, WorkOrderEntity, WorkOrderFindingEntity, WorkOrderEventEntity],
              migrations: [MaintenanceInit1764600000000],
            }),
        },
        MaintenanceDatabase,
        WorkOrdersRepository,
        MachinesRepository,
        WorkOrdersService,
        MachinesService,
        FindingsConsumer,
      ],
      exports: [WorkOrdersService, MachinesService],
    };
  }
}
