import { serviceModuleClass, serviceOptions, serviceDefinition } from '@tsunagu/platform';
import { callCentreEnv, callCentreOptionsFromEnv, type CallCentreOptions } from './call-centre.config';
import { CALL_CENTRE_OPTIONS } from './call-centre.constants';
import { CALL_CENTRE_TABLES } from './call-centre.tables';
import { CasesController } from './cases/cases.controller';
import { CasesRepository } from './cases/cases.repository';
import { CasesService } from './cases/cases.service';
import { IncidentsConsumer } from './cases/incidents.consumer';
import { ContactsController } from './contacts/contacts.controller';
import { ContactsRepository } from './contacts/contacts.repository';
import { EscalationJob } from './escalation/escalation.job';
import { CallCentreInit1764500000000 } from './migrations/1764500000000-call-centre-init';
import { CallCentreLineage1765000000100 } from './migrations/1765000000100-call-centre-kernel';

/** The call centre as the kernel builds it: schema, tables, options, consumer, escalation job, HTTP. */
export const CALL_CENTRE_SERVICE = serviceDefinition<CallCentreOptions>({
  name: 'call-centre',
  migrations: [CallCentreInit1764500000000, CallCentreLineage1765000000100],
  tables: CALL_CENTRE_TABLES,
  options: serviceOptions(CALL_CENTRE_OPTIONS, callCentreEnv, callCentreOptionsFromEnv),
  consumers: [IncidentsConsumer],
  jobs: [EscalationJob],
  controllers: [CasesController, ContactsController],
  providers: [CasesRepository, ContactsRepository, CasesService],
  exports: [CasesService],
});

/**
 * The call centre (pair 2's system of record): cases from vehicle incidents,
 * priorities and SLAs, escalation, the lifecycle REST API and the contact
 * registry, on its own schema `call_centre`; `register(overrides)` replaces
 * settings (tests).
 */
export const CallCentreModule = serviceModuleClass('CallCentreModule', CALL_CENTRE_SERVICE);
