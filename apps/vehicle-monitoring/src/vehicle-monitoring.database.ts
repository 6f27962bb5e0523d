import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { ServiceDatabase, openServiceDataSource } from '@tsunagu/platform';
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

/** Probes and closes this service's schema (see ServiceDatabase). */
@Injectable()
export class VehicleMonitoringDatabase extends ServiceDatabase {
  constructor(@Inject(VEHICLE_MONITORING_TOKENS.dataSource) dataSource: DataSource) {
    super(dataSource, VEHICLE_MONITORING.schema);
  }
}
