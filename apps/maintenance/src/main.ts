import { bootstrapService, SERVICE_HTTP_PORTS } from '@tsunagu/platform';
import { MaintenanceModule } from './maintenance.module';

/** Maintenance management as its own service (requires KAFKA_BROKERS and DATABASE_URL). */
void bootstrapService('maintenance', () => [MaintenanceModule.register()], { embedded: false, defaultHttpPort: SERVICE_HTTP_PORTS['maintenance'] }).catch(() => {
  process.exitCode ||= 1;
});
