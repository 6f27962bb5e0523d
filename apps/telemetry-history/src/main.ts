import { bootstrapService, SERVICE_HTTP_PORTS } from '@tsunagu/platform';
import { TelemetryHistoryModule } from './telemetry-history.module';

/** Telemetry history as its own service (requires KAFKA_BROKERS and DATABASE_URL). */
void bootstrapService('telemetry-history', () => [TelemetryHistoryModule.register()], { embedded: false, defaultHttpPort: SERVICE_HTTP_PORTS['telemetry-history'] }).catch(() => {
  process.exitCode ||= 1;
});
