import { bootstrapService, SERVICE_HTTP_PORTS } from '@tsunagu/platform';
import { VehicleMonitoringModule } from './vehicle-monitoring.module';

/** Vehicle monitoring as its own service (requires KAFKA_BROKERS and DATABASE_URL). */
void bootstrapService('vehicle-monitoring', () => [VehicleMonitoringModule.register()], { embedded: false, defaultHttpPort: SERVICE_HTTP_PORTS['vehicle-monitoring'] }).catch(() => {
  process.exitCode ||= 1;
});
