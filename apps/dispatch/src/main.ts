import { bootstrapService } from '@tsunagu/platform';
import { DispatchModule } from './dispatch.module';

/** Vehicle dispatch as its own service (requires KAFKA_BROKERS and DATABASE_URL). */
void bootstrapService('dispatch', () => [DispatchModule.register()]).catch(() => {
  process.exitCode ||= 1;
});
