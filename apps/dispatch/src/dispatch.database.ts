import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { ServiceDatabase, openServiceDataSource } from '@tsunagu/platform';
import { DISPATCH, DISPATCH_TOKENS } from './dispatch.constants';
import { AssignmentEntity } from './disruptions/assignment.entity';
import { DispatchRequestEntity } from './disruptions/dispatch-request.entity';
import { DisruptionEntity } from './disruptions/disruption.entity';
import { DispatchInit1764600000000 } from './migrations/1764600000000-dispatch-init';
import { VehicleEntity } from './vehicles/vehicle.entity';

export function openDispatchDataSource(url: string): Promise<DataSource> {
  return openServiceDataSource({
    url,
    schema: DISPATCH.schema,
    entities: [VehicleEntity, DisruptionEntity, DispatchRequestEntity, AssignmentEntity],
    migrations: [DispatchInit1764600000000],
  });
}

/** Probes and closes this service's schema (see ServiceDatabase). */
@Injectable()
export class DispatchDatabase extends ServiceDatabase {
  constructor(@Inject(DISPATCH_TOKENS.dataSource) dataSource: DataSource) {
    super(dataSource, DISPATCH.schema);
  }
}
