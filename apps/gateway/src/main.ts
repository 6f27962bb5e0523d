import { bootstrapService, SERVICE_HTTP_PORTS } from '@tsunagu/platform';
import { DashboardModule } from '@apps/dashboard';
import { IdentityModule } from '@apps/identity';
import { GatewayModule } from './gateway.module';

/**
 * One address for the multi-service deployment: the console, sign-in and the
 * audit trail here, every other route sent to its service (requires KAFKA_BROKERS
 * and DATABASE_URL like every service; GATEWAY_PRINCIPAL_SECRET for sessions).
 */
void bootstrapService(
  'gateway',
  (runtime) => [GatewayModule.register({ principalSecret: runtime.env.GATEWAY_PRINCIPAL_SECRET ?? null }), IdentityModule.register({ dataDir: runtime.env.DATA_DIR }), DashboardModule],
  { embedded: false, defaultHttpPort: SERVICE_HTTP_PORTS['gateway'] },
).catch(() => {
  process.exitCode ||= 1;
});
