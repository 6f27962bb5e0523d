/** The dispatch service's public entry (the all-in-one process and other apps' tests import only this). */
export { DispatchModule, DISPATCH_SERVICE } from './dispatch.module';
export { dispatchEnv, type DispatchOptions } from './dispatch.config';
export { DISPATCH } from './dispatch.constants';
export { DISPATCH_TABLES } from './dispatch.tables';
export { DispatchService, type AssignmentLineage } from './disruptions/dispatch.service';
