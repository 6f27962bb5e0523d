import { bootstrapService } from '@tsunagu/platform';
import { VehicleMonitoringModule } from './vehicle-monitoring.module';

void bootstrapService('vehicle-monitoring', () => [VehicleMonitoringModule]).catch(() => {
  process.exitCode ||= 1;
});
