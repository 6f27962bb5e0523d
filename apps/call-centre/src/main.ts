import { bootstrapService, SERVICE_HTTP_PORTS } from '@tsunagu/platform';
import { CallCentreModule } from './call-centre.module';

/** The call centre as its own service (requires KAFKA_BROKERS and DATABASE_URL). */
void bootstrapService('call-centre', () => [CallCentreModule.register()], { embedded: false, defaultHttpPort: SERVICE_HTTP_PORTS['call-centre'] }).catch(() => {
  process.exitCode ||= 1;
});
