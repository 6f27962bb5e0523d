import { bootstrapService } from '@tsunagu/platform';
import { IdentityModule } from './identity.module';

/** Operators' accounts and sessions as their own service (requires KAFKA_BROKERS and DATABASE_URL like every service). */
void bootstrapService('identity', (runtime) => [IdentityModule.register({ dataDir: runtime.env.DATA_DIR })], { embedded: false, defaultHttpPort: 3100 }).catch(() => {
  process.exitCode ||= 1;
});
