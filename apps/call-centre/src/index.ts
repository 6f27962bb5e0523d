/** The call centre's public entry (the all-in-one process and other apps' tests import only this). */
export { CallCentreModule, CALL_CENTRE_SERVICE } from './call-centre.module';
export { callCentreEnv, type CallCentreOptions } from './call-centre.config';
export { CALL_CENTRE_CONSUMER_GROUP, CALL_CENTRE_SCHEMA } from './call-centre.constants';
export { CALL_CENTRE_TABLES } from './call-centre.tables';
export { CasesService, type CaseLineage } from './cases/cases.service';
export { EscalationJob } from './escalation/escalation.job';
