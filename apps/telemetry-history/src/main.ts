import { bootstrapService } from '@tsunagu/platform';
import { TelemetryHistoryModule } from './telemetry-history.module';

/** Telemetry history as its own service (requires KAFKA_BROKERS and DATABASE_URL). */
void bootstrapService('telemetry-history', () => [TelemetryHistoryModule.register()], { embedded: false, defaultHttpPort: 3090 }).catch(() => {
  process.exitCode ||= 1;
});
