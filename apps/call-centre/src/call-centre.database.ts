import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { ServiceDatabase, openServiceDataSource } from '@tsunagu/platform';
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

/** Probes and closes this service's schema (see ServiceDatabase). */
@Injectable()
export class CallCentreDatabase extends ServiceDatabase {
  constructor(@Inject(CALL_CENTRE_TOKENS.dataSource) dataSource: DataSource) {
    super(dataSource, CALL_CENTRE.schema);
  }
}
