import { Inject, Injectable, type BeforeApplicationShutdown } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { openServiceDataSource } from '@tsunagu/platform';
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

/** Closes the DataSource after the consumers have stopped (beforeApplicationShutdown runs after onModuleDestroy). */
@Injectable()
export class DispatchDatabase implements BeforeApplicationShutdown {
  constructor(@Inject(DISPATCH_TOKENS.dataSource) readonly dataSource: DataSource) {}

  async beforeApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }

  async ping(): Promise<{ ok: boolean; detail: string }> {
    await this.dataSource.query('SELECT 1');
    return { ok: true, detail: `postgres schema ${DISPATCH.schema}` };
  }
}
