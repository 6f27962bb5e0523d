import { bootstrapService, SERVICE_HTTP_PORTS } from '@tsunagu/platform';
import { DispatchModule } from './dispatch.module';

/** Vehicle dispatch as its own service (requires KAFKA_BROKERS and DATABASE_URL). */
void bootstrapService('dispatch', () => [DispatchModule.register()], { embedded: false, defaultHttpPort: SERVICE_HTTP_PORTS['dispatch'] }).catch(() => {
  process.exitCode ||= 1;
});
