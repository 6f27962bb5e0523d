import { bootstrapService, SERVICE_HTTP_PORTS } from '@tsunagu/platform';
import { DeadLettersModule } from './dead-letters.module';

/** The dead-letter office as its own service (requires KAFKA_BROKERS and DATABASE_URL). */
void bootstrapService('dead-letters', () => [DeadLettersModule.register()], { embedded: false, defaultHttpPort: SERVICE_HTTP_PORTS['dead-letters'] }).catch(() => {
  process.exitCode ||= 1;
});
