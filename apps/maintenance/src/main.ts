import { bootstrapService } from '@tsunagu/platform';
import { MaintenanceModule } from './maintenance.module';

/** Maintenance management as its own service (requires KAFKA_BROKERS and DATABASE_URL). */
void bootstrapService('maintenance', () => [MaintenanceModule.register()], { embedded: false, defaultHttpPort: 3020 }).catch(() => {
  process.exitCode ||= 1;
});
