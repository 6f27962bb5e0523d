import { bootstrapService } from '@tsunagu/platform';
import { VehicleMonitoringModule } from './vehicle-monitoring.module';

/** Vehicle monitoring as its own service (requires KAFKA_BROKERS and DATABASE_URL). */
void bootstrapService('vehicle-monitoring', () => [VehicleMonitoringModule.register()]).catch(() => {
  process.exitCode ||= 1;
});
