/** The maintenance service's public entry (the all-in-one process and other apps' tests import only this). */
export { MaintenanceModule, MAINTENANCE_SERVICE } from './maintenance.module';
export { maintenanceEnv, type MaintenanceOptions } from './maintenance.config';
export { MAINTENANCE_SCHEMA, MAINTENANCE_CONSUMER_GROUP } from './maintenance.constants';
export { MAINTENANCE_TABLES } from './maintenance.tables';
export { WorkOrdersService, type WorkOrderLineage } from './work-orders/work-orders.service';
