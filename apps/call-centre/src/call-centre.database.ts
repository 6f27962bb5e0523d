import { Inject, Injectable, type BeforeApplicationShutdown } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { openServiceDataSource } from '@tsunagu/platform';
import { CALL_CENTRE, CALL_CENTRE_TOKENS } from './call-centre.constants';
import { CaseEventEntity } from './cases/case-event.entity';
import { CaseIncidentEntity } from './cases/case-incident.entity';
import { CaseEntity } from './cases/case.entity';
import { ContactEntity } from './contacts/contact.entity';
import { CallCentreInit1764500000000 } from './migrations/1764500000000-call-centre-init';

export function openCallCentreDataSource(url: string): Promise<DataSource> {
  return openServiceDataSource({
    url,
    schema: CALL_CENTRE.schema,
    entities: [CaseEntity, CaseIncidentEntity, CaseEventEntity, ContactEntity],
    migrations: [CallCentreInit1764500000000],
  });
}

/**
 * Closes the DataSource after every module's onModuleDestroy (consumers and the
 * escalation job stop first, so no batch loses its connection half-way).
 */
@Injectable()
export class CallCentreDatabase implements BeforeApplicationShutdown {
  constructor(@Inject(CALL_CENTRE_TOKENS.dataSource) private readonly dataSource: DataSource) {}

  async beforeApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }

  async ping(): Promise<{ ok: boolean; detail: string }> {
    await this.dataSource.query('SELECT 1');
    return { ok: true, detail: `postgres schema ${CALL_CENTRE.schema}` };
  }
}
