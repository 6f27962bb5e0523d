import { Inject, Injectable, type BeforeApplicationShutdown } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { openServiceDataSource } from '@tsunagu/platform';
import { ConsumerOffsetEntity } from './monitoring/consumer-offset.entity';
import { VehicleEntity } from './monitoring/vehicle.entity';
import { VehicleMonitoringInit1764500100000 } from './migrations/1764500100000-vehicle-monitoring-init';
import { VEHICLE_MONITORING, VEHICLE_MONITORING_TOKENS } from './vehicle-monitoring.constants';

export function openVehicleMonitoringDataSource(url: string): Promise<DataSource> {
  return openServiceDataSource({
    url,
    schema: VEHICLE_MONITORING.schema,
    entities: [VehicleEntity, ConsumerOffsetEntity],
    migrations: [VehicleMonitoringInit1764500100000],
  });
}

/**
 * Closes the DataSource after every module's onModuleDestroy: the consumer has
 * stopped (its running batch finished) before the connections go.
 */
@Injectable()
export class VehicleMonitoringDatabase implements BeforeApplicationShutdown {
  constructor(@Inject(VEHICLE_MONITORING_TOKENS.dataSource) private readonly dataSource: DataSource) {}

  async beforeApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }

  async ping(): Promise<{ ok: boolean; detail: string }> {
    await this.dataSource.query('SELECT 1');
    return { ok: true, detail: `postgres schema ${VEHICLE_MONITORING.schema}` };
  }
}
