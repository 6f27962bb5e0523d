import { bootstrapService, SERVICE_HTTP_PORTS } from '@tsunagu/platform';
import { IdentityModule } from './identity.module';

/** Operators' accounts and sessions as their own service (requires KAFKA_BROKERS and DATABASE_URL like every service). */
void bootstrapService('identity', (runtime) => [IdentityModule.register({ dataDir: runtime.env.DATA_DIR })], { embedded: false, defaultHttpPort: SERVICE_HTTP_PORTS['identity'] }).catch(() => {
  process.exitCode ||= 1;
});
